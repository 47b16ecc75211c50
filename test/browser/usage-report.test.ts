/**
 * The admin's HTML usage report in Debian's chromium: written by `npm run usage -- --html`, it loads nothing but
 * itself, draws spend per day per key as stacked bars whose heights match the dollars, lists every row with the
 * total, and reads well (screenshot in test-results/screenshots/usage-report.png; docs/usage-report.png is a copy).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKeyStore } from "../../proxy/keys/key-store.js";
import { openMemorySpendStore } from "../../proxy/limits/memory-spend-store.js";
import { SCREENSHOT_DIR } from "../support/browser-harness/index.js";
import { launchChromium } from "../support/browser-harness/launch-chromium.js";

const run = promisify(execFile);
const core = { id: "stability.stable-image-core-v1:0", microUsd: 40_000 };
const large = { id: "stability.sd3-5-large-v1:0", microUsd: 80_000 };
const ultra = { id: "stability.stable-image-ultra-v1:0", microUsd: 140_000 };

/** A team's November: who generated what, on a fixed pseudo-random schedule so the page is the same every run. */
const TEAM = [
  { name: "alice", models: [core, ultra], perDay: 9 },
  { name: "bob", models: [core], perDay: 6 },
  { name: "carol", models: [core, large], perDay: 5 },
  { name: "marketing", models: [ultra], perDay: 3 },
  { name: "design-bot", models: [core], perDay: 12 },
];

let dataDir: string;
let reportFile: string;
let browser: Browser;
/** Dollars per day and key name, as seeded, to compare with what the chart draws. */
const seeded = new Map<string, number>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-usage-report-"));
  const keys = openKeyStore({ dataDir });
  const spend = await openMemorySpendStore({ dataDir });
  let state = 20261101;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (const member of TEAM) {
    const { accessKeyId } = await keys.create({ name: member.name });
    for (let date = 1; date <= 30; date++) {
      const weekday = new Date(Date.UTC(2026, 10, date)).getUTCDay();
      if ((weekday === 0 || weekday === 6) && member.name !== "design-bot") continue;
      const day = `202611${String(date).padStart(2, "0")}`;
      const count = Math.floor(random() * member.perDay);
      for (let index = 0; index < count; index++) {
        const model = member.models[Math.floor(random() * member.models.length)]!;
        await spend.record({ day, accessKeyId, model: model.id, images: 1, microUsd: model.microUsd, refused: false });
        const id = `${day}|${member.name}`;
        seeded.set(id, (seeded.get(id) ?? 0) + model.microUsd);
      }
      if (random() < 0.1) await spend.record({ day, accessKeyId, model: member.models[0]!.id, images: 0, microUsd: 0, refused: true });
    }
  }
  await spend.close();
  reportFile = join(dataDir, "report.html");
  await run("npm", ["run", "--silent", "usage", "--", "--from", "2026-11-01", "--to", "2026-11-30", "--html", reportFile], {
    env: { ...process.env, PROXY_DATA_DIR: dataDir },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the HTML usage report in chromium", () => {
  it("loads nothing but itself, draws each key's spend per day to scale, and lists every row", async () => {
    const page = await browser.newPage({ viewport: { width: 1120, height: 900 }, deviceScaleFactor: 1 });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(pathToFileURL(reportFile).href);

    expect(requested).toEqual([pathToFileURL(reportFile).href]);
    expect(problems).toEqual([]);
    expect(await page.title()).toBe("Framefill usage, 2026-11-01 to 2026-11-30");
    await expect(page.getByRole("img", { name: "Spend per day, per key" }).isVisible()).resolves.toBe(true);

    // Every bar's height is its dollars on the chart's scale, and its tooltip names the day, key and amount.
    const bars = await page.locator("svg.chart rect").evaluateAll((rects) =>
      rects.map((rect) => ({ height: Number(rect.getAttribute("height")), title: rect.querySelector("title")!.textContent! })),
    );
    expect(bars).toHaveLength([...seeded.values()].filter((microUsd) => microUsd > 0).length);
    const pixelsPerMicroUsd = bars[0]!.height / dollarsIn(bars[0]!.title);
    for (const bar of bars) {
      const [day, name] = bar.title.split(" · ");
      const microUsd = seeded.get(`${day!.replaceAll("-", "")}|${name}`)!;
      expect(dollarsIn(bar.title), bar.title).toBe(microUsd);
      expect(bar.height).toBeCloseTo(microUsd * pixelsPerMicroUsd, 1);
    }

    const legend = await page.locator(".legend li").allTextContents();
    expect(legend.map((item) => item.split(" ")[0]).sort()).toEqual(TEAM.map((member) => member.name).sort());

    const total = [...seeded.values()].reduce((sum, microUsd) => sum + microUsd, 0);
    const totalText = `$${Math.floor(total / 1_000_000)}.${String(Math.round((total % 1_000_000) / 10_000)).padStart(2, "0")}`;
    await expect(page.locator("tfoot").textContent()).resolves.toContain(totalText);
    await expect(page.locator(".summary").textContent()).resolves.toContain(totalText);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(TEAM.length * 15);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, "usage-report.png"), clip: { x: 0, y: 0, width: 1120, height: 900 } });
    await page.close();
  });
});

/** The micro-dollars in a bar's tooltip ("2026-11-02 · alice · $0.12"). */
function dollarsIn(title: string): number {
  const [dollars, cents] = title.split("$")[1]!.split(".") as [string, string];
  return Number(dollars) * 1_000_000 + Number(cents.padEnd(6, "0"));
}
