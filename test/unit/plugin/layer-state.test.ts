/**
 * A layer's state as placing an image changes it (fills, paint style link, Framefill's metadata, relaunch buttons),
 * read and put back: every step of putting back is tried, and the first failure is reported after all of them.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { readLayerState, restoreLayerState } from "../../../src/plugin/place/layer-state.js";
import type { FillableNode } from "../../../src/plugin/targets/fillable.js";
import { createFigmaFake } from "../../support/figma-fake/index.js";
import { stateOf } from "./harness.js";

const red: Paint = { type: "SOLID", color: { r: 1, g: 0, b: 0 } };

/**
 * A rectangle linked to a paint style, with Framefill metadata (shared, and the private copy versions before 0.2 kept
 * under "framefill") and relaunch buttons.
 */
async function styledLayer() {
  const figma = createFigmaFake();
  const style = figma.createPaintStyle();
  style.paints = [{ type: "SOLID", color: { r: 0.2, g: 0.4, b: 0.6 } }];
  const node = figma.createRectangle();
  await node.setFillStyleIdAsync(style.id);
  node.setSharedPluginData("framefill", "generation", '{"seed":1}');
  node.setPluginData("framefill", '{"seed":0}');
  node.setRelaunchData({ edit: "Prompt: a lake" });
  /** The fake's rectangle as the plugin's code sees a layer (the fake models the part of the API it uses). */
  const layer = node as unknown as FillableNode;
  return { figma, style, node, layer };
}

/** What placing an image does to the layer. */
function change(node: Awaited<ReturnType<typeof styledLayer>>["node"]) {
  node.fills = [red];
  node.setSharedPluginData("framefill", "generation", '{"seed":2}');
  node.setPluginData("framefill", "");
  node.setRelaunchData({ regenerate: "New image" });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("layer state", () => {
  it("reads fills, the style link, the metadata and the relaunch buttons, and puts them all back", async () => {
    const { node, layer, style } = await styledLayer();
    const before = stateOf(node);
    const state = readLayerState(layer);
    expect(state).toEqual({
      fills: style.paints,
      fillStyleId: style.id,
      metadata: { shared: '{"seed":1}', legacy: '{"seed":0}' },
      relaunch: { edit: "Prompt: a lake" },
    });
    change(node);
    expect(node.fillStyleId).toBe("");
    await restoreLayerState(layer, state);
    expect(stateOf(node)).toEqual(before);
  });

  it("tries every step when one fails, then throws the first failure", async () => {
    const { node, layer } = await styledLayer();
    const state = readLayerState(layer);
    change(node);
    const fillsRefused = new Error("in set_fills: the file is read-only");
    const relaunchRefused = new Error("in setRelaunchData: the file is read-only");
    vi.spyOn(node, "fills", "set").mockImplementation(() => {
      throw fillsRefused;
    });
    vi.spyOn(node, "setRelaunchData").mockImplementation(() => {
      throw relaunchRefused;
    });
    await expect(restoreLayerState(layer, state)).rejects.toBe(fillsRefused);
    // The steps after the failed one still ran: the style (and its paints) and the metadata are back.
    expect(node.fillStyleId).toBe(state.fillStyleId);
    expect(node.getSharedPluginData("framefill", "generation")).toBe('{"seed":1}');
    expect(node.getPluginData("framefill")).toBe('{"seed":0}');
  });
});
