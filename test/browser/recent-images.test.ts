/**
 * Recent images in a real browser, with the built plugin and UI and a real proxy on its preview backend: an image
 * generated once is put on two new frames from the "Recent images" strip — the same image (same hash), with no
 * request reaching the proxy — as one undo step; "Use prompt" fills the form from it. Screenshots of the strip in
 * Figma's light and dark themes go to test-results/screenshots (docs/recent-images.png is made from them).
 */
import { describe, expect, it } from "vitest";
import type { GenerationMetadata } from "../../src/messages.js";
import { METADATA_KEY } from "../../src/plugin/metadata/metadata-key.js";
import { generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

const PROMPT = "A mountain lake at dawn, editorial photo";

const imageHashes = async (id: string) =>
  ((await fixture.harness.node(id))?.fills ?? []).flatMap((paint) => (paint.type === "IMAGE" && paint.imageHash ? [paint.imageHash] : []));

/** A file with one frame Framefill filled from PROMPT; the panel open on it. */
async function fileWithOneImage(theme: "light" | "dark"): Promise<string> {
  await fixture.harness.newDocument({ theme });
  const hero = await fixture.harness.createFrame({ name: "Hero", width: 1600, height: 900 });
  await fixture.harness.select([hero]);
  await fixture.harness.runPlugin();
  await saveSettings(fixture.harness.ui, fixture.settings);
  await promptField(fixture.harness.ui).fill(PROMPT);
  await generateButton(fixture.harness.ui).click();
  await progressStatus(fixture.harness.ui).filter({ hasText: "1 of 1 placed" }).waitFor();
  return hero;
}

describe("Recent images", () => {
  it("puts a generated image on two new frames with no request, as one undo step", async () => {
    const hero = await fileWithOneImage("light");
    const [heroHash] = await imageHashes(hero);
    const { ui } = fixture.harness;
    const apply = ui.getByRole("button", { name: `Apply: ${PROMPT}`, exact: true });
    await apply.waitFor();
    // The thumbnail was made in the UI from the image's bytes.
    await expect.poll(() => apply.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(112);

    const cards = [
      await fixture.harness.createFrame({ name: "Card 1", width: 400, height: 500, x: 2000 }),
      await fixture.harness.createFrame({ name: "Card 2", width: 600, height: 600, x: 2600 }),
    ];
    await fixture.harness.select(cards);
    const callsBefore = fixture.proxy.backendCalls.length;
    const invokesLogged = () => fixture.proxy.logs.filter((line) => line.msg === "request" && String(line.path).endsWith("/invoke")).length;
    const logsBefore = invokesLogged();
    expect(logsBefore).toBeGreaterThan(0);
    await apply.click();

    await ui.getByRole("status").filter({ hasText: "Filled 2 frames" }).waitFor();
    for (const card of cards) expect(await imageHashes(card)).toEqual([heroHash]);
    const stored = JSON.parse((await fixture.harness.pluginData(cards[0]!, METADATA_KEY))!) as GenerationMetadata;
    expect(stored).toMatchObject({ prompt: PROMPT, imageHash: heroHash });
    expect(fixture.proxy.backendCalls.length).toBe(callsBefore);
    expect(invokesLogged()).toBe(logsBefore);
    await fixture.harness.screenshotUi("recent-images-light");

    expect(await fixture.harness.undo()).toBe(true);
    for (const card of cards) {
      expect(await fixture.harness.node(card)).not.toBeNull();
      expect(await imageHashes(card)).toEqual([]);
    }
    expect(await imageHashes(hero)).toEqual([heroHash]);
  });

  it("Use prompt fills the form with the image's settings", async () => {
    await fileWithOneImage("dark");
    const { ui } = fixture.harness;
    await promptField(ui).fill("something else");
    const item = ui.getByRole("listitem").filter({ has: ui.getByRole("button", { name: `Apply: ${PROMPT}`, exact: true }) });
    await item.getByRole("button", { name: "Use prompt", exact: true }).click();
    expect(await promptField(ui).inputValue()).toBe(PROMPT);
    expect(await ui.getByLabel("Seed", { exact: true }).inputValue()).toMatch(/^\d+$/);
    await expect.poll(() => item.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(112);
    await fixture.harness.screenshotUi("recent-images-dark");
  });
});
