/** The relaunch buttons: "Regenerate" and "Edit prompt" open the UI with the selected layers' metadata. */
import { describe, expect, it } from "vitest";
import { FakeClientStorage } from "../../support/figma-fake/index.js";
import { createHarness, metadataOf } from "./harness.js";

/** A file whose two frames Framefill filled earlier, with different prompts, and one frame it never filled. */
async function filledFile(command: string) {
  const earlier = createHarness({ clientStorage: new FakeClientStorage() });
  const [a, b, plain] = [earlier.figma.createFrame(), earlier.figma.createFrame(), earlier.figma.createFrame()];
  await earlier.ready();
  earlier.figma.currentPage.selection = [a];
  await earlier.generate({ prompt: "first prompt" });
  earlier.figma.currentPage.selection = [b];
  await earlier.generate({ prompt: "second prompt", aspectRatio: "4:5" });
  // Reopen the same document with the relaunch command: a new fake whose nodes are copies of the filled ones.
  const h = createHarness({ command });
  const copies = [a, b, plain].map((node) => {
    const copy = h.figma.createFrame();
    for (const key of node.getPluginDataKeys()) copy.setPluginData(key, node.getPluginData(key));
    for (const key of node.getSharedPluginDataKeys("framefill")) copy.setSharedPluginData("framefill", key, node.getSharedPluginData("framefill", key));
    copy.setRelaunchData(node.getRelaunchData());
    return copy;
  });
  return { h, nodes: copies, earlierMetadata: [metadataOf(a), metadataOf(b)] };
}

describe("relaunch", () => {
  it("sends the selected layers' metadata with init when Regenerate is pressed", async () => {
    const { h, nodes, earlierMetadata } = await filledFile("regenerate");
    h.figma.currentPage.selection = [nodes[1]!, nodes[2]!, nodes[0]!];
    const init = await h.ready();
    expect(init.relaunch).toEqual({
      command: "regenerate",
      metadata: [
        { nodeId: nodes[1]!.id, metadata: earlierMetadata[1] },
        { nodeId: nodes[0]!.id, metadata: earlierMetadata[0] },
      ],
    });
  });

  it("regenerates each layer with its own settings and a new seed when the UI plans it with targetIds", async () => {
    const { h, nodes, earlierMetadata } = await filledFile("regenerate");
    h.figma.currentPage.selection = [nodes[0]!, nodes[1]!];
    const init = await h.ready();
    for (const { nodeId, metadata } of init.relaunch!.metadata) {
      const planned = await h.plan(
        { prompt: metadata.prompt, aspectRatio: metadata.aspectRatio, seed: 0 },
        [nodeId],
      );
      expect(planned.jobs.map((job) => [job.targetId, job.aspectRatio, job.seed])).toEqual([[nodeId, metadata.aspectRatio, 0]]);
      await h.place(planned.generationId, planned.jobs[0]!, { seed: 999 });
      await h.finish(planned.generationId);
    }
    expect(nodes.slice(0, 2).map((node) => [metadataOf(node).prompt, metadataOf(node).seed])).toEqual([
      [earlierMetadata[0]!.prompt, 999],
      [earlierMetadata[1]!.prompt, 999],
    ]);
    expect(nodes[0]!.fills.filter((paint) => paint.type === "IMAGE")).toHaveLength(1);
  });

  it("opens Edit prompt with the metadata, and sends the relaunch only with the first init", async () => {
    const { h, nodes, earlierMetadata } = await filledFile("edit");
    h.figma.currentPage.selection = [nodes[0]!];
    const init = await h.ready();
    expect(init.relaunch).toEqual({ command: "edit", metadata: [{ nodeId: nodes[0]!.id, metadata: earlierMetadata[0] }] });
    expect((await h.ready()).relaunch).toBeNull();
  });

  it("sends no relaunch when the selected layers carry no metadata or the plugin was run from the menu", async () => {
    const { h, nodes } = await filledFile("regenerate");
    h.figma.currentPage.selection = [nodes[2]!];
    expect((await h.ready()).relaunch).toBeNull();
    const plain = createHarness();
    plain.figma.currentPage.selection = [plain.figma.createFrame()];
    expect((await plain.ready()).relaunch).toBeNull();
  });

  it("refuses a plan whose target layers are gone", async () => {
    const { h, nodes } = await filledFile("regenerate");
    await h.ready();
    const id = nodes[0]!.id;
    nodes[0]!.remove();
    await expect(h.plan({}, [id])).rejects.toThrow("Refused: The layers to regenerate are no longer in the file.");
  });

  it("keeps metadata through a plugin id change: it is shared plugin data, namespace framefill", async () => {
    const h = createHarness({ command: "regenerate", pluginId: "framefill-dev" });
    const frame = h.figma.createFrame();
    h.figma.currentPage.selection = [frame];
    await h.ready();
    await h.generate({ prompt: "before publish" });
    expect(frame.getPluginDataKeys()).toEqual([]);
    h.figma.changePluginId("1400000000000000000");
    expect(metadataOf(frame).prompt).toBe("before publish");
  });

  it("reads metadata an older version kept as private plugin data, and moves it to shared data on the next write", async () => {
    const h = createHarness({ command: "edit" });
    const frame = h.figma.createFrame();
    const old = { prompt: "old prompt", negativePrompt: "", seed: 77, modelId: "stability.stable-image-core-v1:1", aspectRatio: "1:1", outputFormat: "png", createdAt: "2025-01-01T00:00:00.000Z", imageHash: "" };
    frame.setPluginData("framefill", JSON.stringify(old));
    h.figma.currentPage.selection = [frame];
    const init = await h.ready();
    expect(init.relaunch).toEqual({ command: "edit", metadata: [{ nodeId: frame.id, metadata: old }] });
    await h.generate({ prompt: "new prompt" });
    expect(frame.getPluginData("framefill")).toBe("");
    expect(metadataOf(frame).prompt).toBe("new prompt");
    expect(Object.keys(frame.getRelaunchData()).sort()).toEqual(["edit", "regenerate"]);
  });
});
