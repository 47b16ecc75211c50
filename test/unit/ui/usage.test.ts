import { describe, expect, it } from "vitest";
import type { KeyUsage } from "../../../src/contract/key-usage.js";
import type { Settings } from "../../../src/messages.js";
import { formatReset } from "../../../src/ui/errors/format-reset.js";
import { checkAllowance } from "../../../src/ui/usage/check-allowance.js";
import { describeRemaining } from "../../../src/ui/usage/describe-remaining.js";
import { dollarsLeft } from "../../../src/ui/usage/dollars-left.js";
import { fetchKeyUsage } from "../../../src/ui/usage/fetch-key-usage.js";
import { bedrockError, ManualFetch } from "./fakes.js";

const CORE = "stability.stable-image-core-v1:0";
const ULTRA = "stability.stable-image-ultra-v1:0";
/** 18:00 UTC on Nov 30th: 19:00 in Berlin, 13:00 in New York. */
const NOW = Date.parse("2026-11-30T18:00:00Z");
const BERLIN = { locale: "en-US", timeZone: "Europe/Berlin" };

/** Intl puts a narrow no-break space before AM/PM; tests read it as a plain space. */
const plain = (text: string | null) => text?.replace(/\u202f/g, " ") ?? null;

function usage(change: Partial<KeyUsage> = {}): KeyUsage {
  return {
    accessKeyId: "FFKTEST",
    name: "alice",
    limits: {},
    used: { imagesToday: 0, usdToday: 0, usdThisMonth: 0 },
    remaining: {},
    resetsAt: { day: "2026-12-01T00:00:00Z", month: "2026-12-01T00:00:00Z" },
    ...change,
  };
}

const imagesAndDay = usage({
  limits: { imagesPerDay: 40, usdPerDay: 2 },
  used: { imagesToday: 2, usdToday: 0.48, usdThisMonth: 3.2 },
  remaining: { imagesToday: 38, usdToday: 1.52 },
});

describe("formatReset", () => {
  it("tells midnight UTC in the designer's own time zone and words", () => {
    expect(plain(formatReset(Date.parse("2026-12-01T00:00:00Z"), NOW, BERLIN))).toBe("tomorrow at 1:00 AM");
    expect(plain(formatReset(Date.parse("2026-12-01T00:00:00Z"), NOW, { locale: "en-US", timeZone: "America/New_York" }))).toBe(
      "today at 7:00 PM",
    );
    expect(plain(formatReset(Date.parse("2026-12-03T00:00:00Z"), NOW, BERLIN))).toBe("on Thursday at 1:00 AM");
    expect(plain(formatReset(Date.parse("2027-01-01T00:00:00Z"), NOW, BERLIN))).toBe("on Jan 1 at 1:00 AM");
  });
});

describe("describeRemaining", () => {
  it("says the images and dollars left today, as the design card shows it", () => {
    expect(describeRemaining(imagesAndDay)).toBe("38 images left today · $1.52 of $2.00");
  });

  it("shows only the limits the key has, and nothing when it has none", () => {
    expect(describeRemaining(usage({ limits: { imagesPerDay: 3 }, remaining: { imagesToday: 1 } }))).toBe("1 image left today");
    expect(describeRemaining(usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 2 } }))).toBe("$2.00 of $2.00 left today");
    expect(describeRemaining(usage({ limits: { rpm: 10, expires: "2027-01-31" } }))).toBeNull();
    expect(describeRemaining(null)).toBeNull();
  });

  it("shows the month's budget when that is the tighter one", () => {
    const monthTighter = usage({
      limits: { usdPerDay: 2, usdPerMonth: 50 },
      used: { imagesToday: 0, usdToday: 0.2, usdThisMonth: 49.2 },
      remaining: { usdToday: 0.8, usdThisMonth: 0.8 },
    });
    expect(describeRemaining(monthTighter)).toBe("$0.80 of $50.00 left this month");
    const dayTighter = usage({ ...monthTighter, used: { imagesToday: 0, usdToday: 1.6, usdThisMonth: 10 }, remaining: { usdToday: 0.4, usdThisMonth: 40 } });
    expect(describeRemaining(dayTighter)).toBe("$0.40 of $2.00 left today");
    // Only the proxy-wide monthly cap binds: no cap of the key's own to show.
    const teamCap = usage({ limits: { imagesPerDay: 40 }, used: { imagesToday: 1, usdToday: 0.04, usdThisMonth: 0.04 }, remaining: { imagesToday: 39, usdToday: 3, usdThisMonth: 3 } });
    expect(describeRemaining(teamCap)).toBe("39 images left today · $3.00 left this month");
  });

  it("rounds money left down to the cent, exactly", () => {
    const left = usage({ limits: { usdPerDay: 1 }, used: { imagesToday: 0, usdToday: 0.035, usdThisMonth: 0.035 }, remaining: { usdToday: 0.965 } });
    expect(describeRemaining(left)).toBe("$0.96 of $1.00 left today");
    expect(dollarsLeft(left)).toEqual({ microUsd: 965_000, capMicroUsd: 1_000_000, window: "day" });
  });
});

describe("checkAllowance", () => {
  const check = (value: KeyUsage | null, imageCount: number, modelId: string = CORE) => plain(checkAllowance(value, { imageCount, modelId }, NOW, BERLIN));

  it("lets through what fits, and everything when the proxy did not say", () => {
    expect(check(imagesAndDay, 38)).toBeNull();
    expect(check(null, 1000)).toBeNull();
    expect(check(usage(), 1000, ULTRA)).toBeNull();
  });

  it("stops more images than are left today, saying when they come back", () => {
    const three = usage({ limits: { imagesPerDay: 3 }, remaining: { imagesToday: 3 } });
    expect(check(three, 4)).toBe(
      "This makes 4 images, but your access key has only 3 left today. Select fewer frames or variants. It resets tomorrow at 1:00 AM.",
    );
    expect(check(usage({ limits: { imagesPerDay: 3 }, remaining: { imagesToday: 0 } }), 1)).toBe(
      "Your access key has no images left today. It resets tomorrow at 1:00 AM.",
    );
  });

  it("stops a cost over the dollars left, at the model's price, counted exactly", () => {
    // 0.04 × 38 = 1.52 exactly: fits; one more image does not.
    expect(check(usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 1.52 } }), 38)).toBeNull();
    expect(check(usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 1.52 } }), 39)).toBe(
      "This costs $1.56, but your access key has only $1.52 left today. Select fewer frames or variants, or a cheaper model. It resets tomorrow at 1:00 AM.",
    );
    expect(check(usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 0.2 } }), 2, ULTRA)).toMatch(/^This costs \$0\.28, but .* only \$0\.20 left today/);
    expect(check(usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 0.02 } }), 1)).toBe(
      "Your access key's budget for today is used up. It resets tomorrow at 1:00 AM.",
    );
  });

  it("checks at the proxy's own price for the model when it gave one (PROXY_PRICES), the published price otherwise", () => {
    const dayLeft = usage({ limits: { usdPerDay: 2 }, remaining: { usdToday: 0.2 } });
    const atProxyPrice = (imageCount: number) =>
      plain(checkAllowance(dayLeft, { imageCount, modelId: CORE, prices: { [CORE]: 50_000, [ULTRA]: 10_000 } }, NOW, BERLIN));
    // Published $0.04: five fit in $0.20. At the proxy's $0.05, four do and five don't.
    expect(check(dayLeft, 5)).toBeNull();
    expect(atProxyPrice(4)).toBeNull();
    expect(atProxyPrice(5)).toMatch(/^This costs \$0\.25, but your access key has only \$0\.20 left today\./);
    // A price list without this model leaves it at its published price.
    expect(plain(checkAllowance(dayLeft, { imageCount: 5, modelId: CORE, prices: { [ULTRA]: 10_000 } }, NOW, BERLIN))).toBeNull();
  });

  it("names the month and its reset when the month's budget is the tighter one", () => {
    const month = usage({
      limits: { usdPerMonth: 50 },
      used: { imagesToday: 0, usdToday: 0, usdThisMonth: 49.9 },
      remaining: { usdToday: 0.1, usdThisMonth: 0.1 },
      resetsAt: { day: "2026-12-01T00:00:00Z", month: "2027-01-01T00:00:00Z" },
    });
    expect(check(month, 3)).toBe(
      "This costs $0.12, but your access key has only $0.10 left this month. Select fewer frames or variants, or a cheaper model. It resets on Jan 1 at 1:00 AM.",
    );
  });
});

describe("fetchKeyUsage", () => {
  const settings: Settings = { proxyUrl: "https://images.example.com/", accessKeyId: "FFKTEST", secretAccessKey: "secret", region: "us-west-2" };
  let ids = 0;
  const deps = (fetcher: ManualFetch) => ({ fetch: fetcher.fetch, now: () => NOW, newId: () => `id-${++ids}` });

  it("asks the proxy signed, each time with its own invocation id, and reads its answer", async () => {
    const fetcher = new ManualFetch(() => new Response(JSON.stringify(imagesAndDay), { headers: { "content-type": "application/json" } }));
    expect(await fetchKeyUsage(deps(fetcher), settings)).toEqual(imagesAndDay);
    expect(await fetchKeyUsage(deps(fetcher), settings)).toEqual(imagesAndDay);
    const [first, second] = fetcher.calls;
    expect(first).toMatchObject({ url: "https://images.example.com/framefill/v1/usage", method: "GET" });
    expect(first!.headers.get("authorization")).toMatch(
      /^AWS4-HMAC-SHA256 Credential=FFKTEST\/20261130\/us-west-2\/bedrock\/aws4_request, SignedHeaders=[^,]*amz-sdk-invocation-id[^,]*x-amz-date/,
    );
    // Signed in the same second, yet two signatures: the proxy accepts each once.
    expect(first!.headers.get("authorization")).not.toBe(second!.headers.get("authorization"));
  });

  it("says nothing (null) for an older proxy without the route, a refusal, a failed fetch or another shape", async () => {
    const answering = (response: () => Response | Error) => deps(new ManualFetch(response));
    expect(await fetchKeyUsage(answering(() => bedrockError(404, "UnknownOperationException", "There is no operation at GET /framefill/v1/usage.")), settings)).toBeNull();
    expect(await fetchKeyUsage(answering(() => bedrockError(403, "InvalidSignatureException", "no")), settings)).toBeNull();
    expect(await fetchKeyUsage(answering(() => new TypeError("Failed to fetch")), settings)).toBeNull();
    expect(await fetchKeyUsage(answering(() => new Response(JSON.stringify({ images: 3 }))), settings)).toBeNull();
    expect(await fetchKeyUsage(answering(() => new Response("<html>")), settings)).toBeNull();
  });
});
