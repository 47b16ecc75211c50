/**
 * The designer's main path in a real browser: the built plugin (dist/code.js against the Figma fake) and its built UI
 * (dist/ui.html in a sandboxed iframe) talking to a real proxy on its preview backend over HTTP, signed with a
 * proxy-issued key. Run `npm run build` first (npm test does).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { OUTPUT_SIZES, type AspectRatio } from "../../src/contract/aspect-ratios.js";
import { fillSummary, generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

beforeEach(async () => {
  await fixture.harness.newDocument({ theme: "light" });
});

const SHAPES: { name: string; width: number; height: number; ratio: AspectRatio }[] = [
  { name: "Hero", width: 1440, height: 810, ratio: "16:9" },
  { name: "Avatar", width: 480, height: 480, ratio: "1:1" },
  { name: "Card", width: 400, height: 500, ratio: "4:5" },
];

describe("filling frames", () => {
  it("fills three frames of different shapes, each with an image of its own ratio, showing progress", async () => {
    const ids = [];
    for (const [index, shape] of SHAPES.entries()) ids.push(await fixture.harness.createFrame({ ...shape, x: index * 1600, y: 0 }));
    await fixture.harness.select(ids);
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;

    await saveSettings(ui, fixture.settings);
    await expect.poll(() => fillSummary(ui).textContent()).toContain("3 frames · 16:9, 1:1, 4:5");
    expect(await fillSummary(ui).textContent()).toContain("3 images · $0.12");
    await promptField(ui).fill("A lighthouse on a cliff at dusk, soft light");
    await fixture.harness.screenshotUi("generate-light");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: "3 of 3 placed" }).waitFor();
    expect(await ui.getByRole("progressbar", { name: "Generation progress" }).getAttribute("aria-valuenow")).toBe("100");
    expect(await ui.getByRole("list", { name: "Images" }).locator('[data-status="done"]').count()).toBe(3);
    await fixture.harness.screenshotUi("progress-light");

    for (const [index, shape] of SHAPES.entries()) {
      const images = await fixture.harness.placedImages(ids[index]!);
      expect(images, shape.name).toHaveLength(1);
      const expected = OUTPUT_SIZES[shape.ratio];
      expect({ width: images[0]!.width, height: images[0]!.height, type: images[0]!.type }).toEqual({ ...expected, type: "png" });
      const node = await fixture.harness.node(ids[index]!);
      expect(node!.fills.find((paint) => paint.type === "IMAGE")).toMatchObject({ scaleMode: "FILL" });
    }
    await expect.poll(() => fixture.harness.notifications()).toContainEqual(expect.stringMatching(/Filled 3 frames/));
    expect(fixture.proxy.backendCalls).toHaveLength(3);
  });

  it("creates a new frame of the chosen ratio when nothing is selected, and Cmd/Ctrl+Enter generates", async () => {
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, fixture.settings);
    await ui.getByLabel("Aspect ratio", { exact: true }).selectOption("9:16");
    await expect.poll(() => fillSummary(ui).textContent()).toContain("Nothing selected: a new 9:16 frame will be created");
    await promptField(ui).fill("A tall waterfall in a misty forest");
    await promptField(ui).press("Control+Enter");

    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    const frames = await fixture.harness.pageNodes();
    expect(frames).toHaveLength(1);
    const [image] = await fixture.harness.placedImages(frames[0]!.id);
    expect({ width: image!.width, height: image!.height }).toEqual(OUTPUT_SIZES["9:16"]);
  });

  it("places WebP output as PNG", async () => {
    const id = await fixture.harness.createFrame({ name: "Banner", width: 1536, height: 640 });
    await fixture.harness.select([id]);
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, fixture.settings);
    await ui.getByLabel("Output format", { exact: true }).selectOption("webp");
    await promptField(ui).fill("A panoramic mountain range");
    await generateButton(ui).click();

    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect(fixture.proxy.backendCalls.at(-1)).toMatchObject({ request: { output_format: "webp", aspect_ratio: "21:9" } });
    const [image] = await fixture.harness.placedImages(id);
    expect(image!.type).toBe("png");
    expect([...image!.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect({ width: image!.width, height: image!.height }).toEqual(OUTPUT_SIZES["21:9"]);
  });

  it("refuses to send a bad prompt or seed, saying why beside the field", async () => {
    const id = await fixture.harness.createFrame({ name: "Hero", width: 1600, height: 900 });
    await fixture.harness.select([id]);
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, fixture.settings);
    const callsBefore = fixture.proxy.backendCalls.length;

    await generateButton(ui).click();
    await expect.poll(() => ui.getByText("Describe the image you want.").isVisible()).toBe(true);
    await promptField(ui).fill("A harbour at night");
    await ui.getByLabel("Seed", { exact: true }).fill("4294967296");
    await generateButton(ui).click();
    await expect.poll(() => ui.getByText(/Use a whole number from 0 to 4294967295/).isVisible()).toBe(true);
    expect(await ui.getByLabel("Seed", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(fixture.proxy.backendCalls.length).toBe(callsBefore);
    expect((await fixture.harness.node(id))!.fills.some((paint) => paint.type === "IMAGE")).toBe(false);
  });
});
