/**
 * What a designer sees of their key's limits, in a real browser against a real proxy (preview backend): the line
 * before Generate that says what is left, and how it changes after a generation; a generation that would go over
 * stopped before anything is sent; and a refusal from the proxy (its limit lowered after the panel opened) said in
 * words, with the frame left as it was.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { KeyLimits } from "../../proxy/keys/key-limits.js";
import type { IssuedKey } from "../../proxy/keys/key-store.js";
import { KEY_USAGE_PATH } from "../../src/contract/key-usage.js";
import { fillSummary, generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

beforeEach(async () => {
  await fixture.harness.newDocument({ theme: "light" });
});

/** The line that says what the key has left. */
const remainingLine = () => fixture.harness.ui.getByTestId("remaining");

/** Frames selected, the plugin open, and its settings saved with a new key that has these limits. */
async function openWithKey(frameCount: number, limits: KeyLimits): Promise<{ ids: string[]; key: IssuedKey }> {
  const key = await fixture.proxy.proxy.keys.create({ name: `designer-${Math.random().toString(36).slice(2, 8)}`, limits });
  const ids: string[] = [];
  for (let index = 0; index < frameCount; index++) {
    ids.push(await fixture.harness.createFrame({ name: `Frame ${index + 1}`, width: 800, height: 800, x: index * 1000 }));
  }
  await fixture.harness.select(ids);
  await fixture.harness.runPlugin();
  await saveSettings(fixture.harness.ui, { ...fixture.settings, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
  return { ids, key };
}

const usageAsks = (accessKeyId: string) =>
  fixture.proxy.logs.filter((line) => line.path === KEY_USAGE_PATH && line.status === 200 && JSON.stringify(line).includes(accessKeyId));

async function imageFills(id: string) {
  return (await fixture.harness.node(id))!.fills.filter((paint) => paint.type === "IMAGE").length;
}

describe("the key's limits in the panel", () => {
  it("shows what is left before Generate, and what is left after a generation", async () => {
    const { ui } = fixture.harness;
    await openWithKey(2, { imagesPerDay: 3, microUsdPerDay: 1_000_000 });
    await expect.poll(() => remainingLine().textContent()).toBe("3 images left today · $1.00 of $1.00");
    expect(await fillSummary(ui).textContent()).toContain("2 images · $0.08");

    await promptField(ui).fill("A paper boat on a still pond");
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "2 of 2 placed" }).waitFor();
    await expect.poll(() => remainingLine().textContent()).toBe("1 image left today · $0.92 of $1.00");
    await fixture.harness.screenshotUi("remaining-after-generation-light");
  });

  it("shows nothing for a key without limits", async () => {
    const { key } = await openWithKey(1, {});
    await expect.poll(() => usageAsks(key.accessKeyId).length).toBeGreaterThan(0);
    await expect.poll(() => fillSummary(fixture.harness.ui).textContent()).toContain("1 image · $0.04");
    expect(await remainingLine().count()).toBe(0);
  });

  it("stops a generation that would go over before sending anything, and says why", async () => {
    const { ui } = fixture.harness;
    const { ids } = await openWithKey(3, { imagesPerDay: 2 });
    await expect.poll(() => remainingLine().textContent()).toBe("2 images left today");
    const message = ui.getByText(/^This makes 3 images, but your access key has only 2 left today\. Select fewer frames or variants\. It resets (today|tomorrow) at /);
    await message.waitFor();
    const generate = generateButton(ui);
    expect(await generate.isDisabled()).toBe(true);
    expect(await generate.getAttribute("aria-describedby")).toBe(await message.getAttribute("id"));
    await fixture.harness.screenshotUi("over-allowance-light");

    const callsBefore = fixture.proxy.backendCalls.length;
    const invokesBefore = fixture.proxy.logs.filter((line) => line.method === "POST").length;
    await promptField(ui).fill("A row of cacti in terracotta pots");
    await promptField(ui).press("Control+Enter");
    await generate.click({ force: true }).catch(() => {});
    // Give a send that should not happen the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fixture.proxy.backendCalls).toHaveLength(callsBefore);
    expect(fixture.proxy.logs.filter((line) => line.method === "POST")).toHaveLength(invokesBefore);
    expect(await ui.getByRole("progressbar", { name: "Generation progress" }).count()).toBe(0);
    expect(await Promise.all(ids.map(imageFills))).toEqual([0, 0, 0]);

    // Two frames fit: the message goes and Generate comes back.
    await fixture.harness.select(ids.slice(0, 2));
    await message.waitFor({ state: "detached" });
    expect(await generate.isEnabled()).toBe(true);
  });

  it("says in words why the proxy refused, when the limit was lowered after the panel opened, and changes no frame", async () => {
    const { ui } = fixture.harness;
    const { ids, key } = await openWithKey(1, { imagesPerDay: 3 });
    // The ask made when settings were saved is answered first: answered after the generation's charge, it would say
    // "2 left" while that run is still busy, and the click below could then meet the answer the run's end asks for.
    await expect.poll(() => remainingLine().textContent()).toBe("3 images left today");
    await promptField(ui).fill("A lantern in the snow");
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    await expect.poll(() => remainingLine().textContent()).toBe("2 images left today");

    // The admin lowers the limit while the panel still believes two images are left.
    await fixture.proxy.proxy.keys.setLimits(key.accessKeyId, { imagesPerDay: 1 });
    const frameBefore = await fixture.harness.node(ids[0]!);
    const callsBefore = fixture.proxy.backendCalls.length;
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "0 of 1 placed · 1 failed" }).waitFor();
    expect(await ui.getByRole("list", { name: "Images" }).textContent()).toMatch(
      /You've used the one image your access key may make today\. It resets (today|tomorrow) at \d{1,2}:\d\d/,
    );
    expect(await fixture.harness.node(ids[0]!)).toEqual(frameBefore);
    expect(await imageFills(ids[0]!)).toBe(1);
    expect(fixture.proxy.backendCalls).toHaveLength(callsBefore);
    // Asked anew after the generation: nothing left now, and the panel says so before sending.
    await expect.poll(() => remainingLine().textContent()).toBe("0 images left today");
    expect(await generateButton(ui).isDisabled()).toBe(true);
    await fixture.harness.screenshotUi("refused-limit-light");
  });
});
