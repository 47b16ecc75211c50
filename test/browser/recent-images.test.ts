/**
 * Recent images in a real browser, with the built plugin and UI and a real proxy on its preview backend: an image
 * generated once is put on two new frames from the "Recent images" strip — the same image (same hash), with no
 * request reaching the proxy — as one undo step; "Use prompt" fills the form from it. Screenshots of the strip in
 * Figma's light and dark themes go to test-results/screenshots (docs/recent-images.png is made from them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationMetadata, Settings } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { openHarness, type Harness } from "../support/browser-harness/index.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { pluginSettings, startTestProxy, type TestProxy } from "../support/test-proxy.js";

let harness: Harness;
let proxy: TestProxy;
let settings: Settings;

beforeAll(async () => {
  [harness, proxy] = await Promise.all([openHarness(), startTestProxy()]);
  settings = pluginSettings(proxy);
});

afterAll(async () => {
  await Promise.all([harness?.close(), proxy?.close()]);
});

const PROMPT = "A mountain lake at dawn, editorial photo";

const imageHashes = async (id: string) =>
  ((await harness.node(id))?.fills ?? []).flatMap((paint) => (paint.type === "IMAGE" && paint.imageHash ? [paint.imageHash] : []));

/** A file with one frame Framefill filled from PROMPT; the panel open on it. */
async function fileWithOneImage(theme: "light" | "dark"): Promise<string> {
  await harness.newDocument({ theme });
  const hero = await harness.createFrame({ name: "Hero", width: 1600, height: 900 });
  await harness.select([hero]);
  await harness.runPlugin();
  await saveSettings(harness.ui, settings);
  await promptField(harness.ui).fill(PROMPT);
  await generateButton(harness.ui).click();
  await progressStatus(harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();
  return hero;
}

describe("Recent images", () => {
  it("puts a generated image on two new frames with no request, as one undo step", async () => {
    const hero = await fileWithOneImage("light");
    const [heroHash] = await imageHashes(hero);
    const { ui } = harness;
    const apply = ui.getByRole("button", { name: `Apply: ${PROMPT}`, exact: true });
    await apply.waitFor();
    // The thumbnail was made in the UI from the image's bytes.
    await expect.poll(() => apply.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(112);

    const cards = [
      await harness.createFrame({ name: "Card 1", width: 400, height: 500, x: 2000 }),
      await harness.createFrame({ name: "Card 2", width: 600, height: 600, x: 2600 }),
    ];
    await harness.select(cards);
    const callsBefore = proxy.backendCalls.length;
    const invokesLogged = () => proxy.logs.filter((line) => line.msg === "request" && String(line.path).endsWith("/invoke")).length;
    const logsBefore = invokesLogged();
    expect(logsBefore).toBeGreaterThan(0);
    await apply.click();

    await ui.getByRole("status").filter({ hasText: "Filled 2 frames" }).waitFor();
    for (const card of cards) expect(await imageHashes(card)).toEqual([heroHash]);
    const stored = JSON.parse((await harness.pluginData(cards[0]!, METADATA_KEY))!) as GenerationMetadata;
    expect(stored).toMatchObject({ prompt: PROMPT, imageHash: heroHash });
    expect(proxy.backendCalls.length).toBe(callsBefore);
    expect(invokesLogged()).toBe(logsBefore);
    await harness.screenshotUi("recent-images-light");

    expect(await harness.undo()).toBe(true);
    for (const card of cards) {
      expect(await harness.node(card)).not.toBeNull();
      expect(await imageHashes(card)).toEqual([]);
    }
    expect(await imageHashes(hero)).toEqual([heroHash]);
  });

  it("Use prompt fills the form with the image's settings", async () => {
    await fileWithOneImage("dark");
    const { ui } = harness;
    await promptField(ui).fill("something else");
    const item = ui.getByRole("listitem").filter({ has: ui.getByRole("button", { name: `Apply: ${PROMPT}`, exact: true }) });
    await item.getByRole("button", { name: "Use prompt", exact: true }).click();
    expect(await promptField(ui).inputValue()).toBe(PROMPT);
    expect(await ui.getByLabel("Seed", { exact: true }).inputValue()).toMatch(/^\d+$/);
    await expect.poll(() => item.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(112);
    await harness.screenshotUi("recent-images-dark");
  });
});
