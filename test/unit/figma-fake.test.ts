/** The Figma fake's own behaviours, each as Figma documents it (see test/support/figma-fake). */
import { describe, expect, it, vi } from "vitest";
import {
  FakeClientStorage,
  type FakeShapeNode,
  createFigmaFake,
  createMemoryUiTransport,
  installFigmaFake,
  type FakeFigma,
} from "../support/figma-fake/index.js";
import { makeImage } from "./test-images.js";

const red: Paint = { type: "SOLID", color: { r: 1, g: 0, b: 0 } };

function solidColors(paints: ReadonlyArray<Paint>): string[] {
  return paints.map((paint) => (paint.type === "SOLID" ? `${paint.color.r},${paint.color.g},${paint.color.b}` : paint.type));
}

describe("nodes", () => {
  it("creates every node type on the current page with Figma's defaults", () => {
    const figma = createFigmaFake();
    const nodes = [
      figma.createFrame(),
      figma.createRectangle(),
      figma.createEllipse(),
      figma.createPolygon(),
      figma.createStar(),
      figma.createVector(),
      figma.createText(),
      figma.createComponent(),
      figma.createSection(),
      figma.createLine(),
    ];
    expect(nodes.map((node) => node.type)).toEqual([
      "FRAME",
      "RECTANGLE",
      "ELLIPSE",
      "POLYGON",
      "STAR",
      "VECTOR",
      "TEXT",
      "COMPONENT",
      "SECTION",
      "LINE",
    ]);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    expect(nodes.every((node) => node.parent === figma.currentPage)).toBe(true);
    expect(figma.currentPage.children).toEqual(nodes);
    const frame = nodes[0]!;
    expect([frame.name, frame.width, frame.height, frame.x, frame.y]).toEqual(["Frame", 100, 100, 0, 0]);
    expect(solidColors(figma.createFrame().fills)).toEqual(["1,1,1"]);
  });

  it("resizes, moves and reports the bounding box relative to frames but not groups", () => {
    const figma = createFigmaFake();
    const outer = figma.createFrame();
    outer.x = 100;
    outer.y = 50;
    const inner = figma.createRectangle();
    outer.appendChild(inner);
    inner.x = 10;
    inner.y = 20;
    inner.resize(30, 40);
    expect(inner.absoluteBoundingBox).toEqual({ x: 110, y: 70, width: 30, height: 40 });
    expect(() => inner.resize(0, 10)).toThrow(/>= 0.01/);
    const group = figma.group([inner], outer);
    expect(group.parent).toBe(outer);
    expect(inner.absoluteBoundingBox).toEqual({ x: 110, y: 70, width: 30, height: 40 });
    expect([group.x, group.y, group.width, group.height]).toEqual([10, 20, 30, 40]);
  });

  it("keeps grouped nodes in place, follows their bounds, and removes an empty group", () => {
    const figma = createFigmaFake();
    const a = figma.createRectangle();
    const b = figma.createEllipse();
    b.x = 200;
    b.y = 100;
    const group = figma.group([a, b], figma.currentPage);
    expect(group.type).toBe("GROUP");
    expect(group.children).toEqual([a, b]);
    expect([group.x, group.y, group.width, group.height]).toEqual([0, 0, 300, 200]);
    group.x = 50;
    expect([a.x, b.x]).toEqual([50, 250]);
    a.remove();
    expect(group.removed).toBe(false);
    b.remove();
    expect(group.removed).toBe(true);
    expect(() => figma.group([], figma.currentPage)).toThrow(/at least one node/);
  });

  it("appends and inserts children, refusing cycles", () => {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    frame.appendChild(a);
    frame.insertChild(0, b);
    expect(frame.children).toEqual([b, a]);
    expect(a.parent).toBe(frame);
    expect(figma.currentPage.children).toEqual([frame]);
    const inner = figma.createFrame();
    frame.appendChild(inner);
    expect(() => inner.appendChild(frame)).toThrow(/into itself/);
    expect(() => frame.insertChild(9, figma.createRectangle())).toThrow(/out of range/);
  });

  it("clones deeply with new ids and plugin data, under the current page", () => {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    const holder = figma.createFrame();
    holder.appendChild(frame);
    frame.appendChild(figma.createRectangle());
    frame.setPluginData("k", "v");
    frame.setRelaunchData({ edit: "Edit" });
    frame.x = 5;
    const copy = frame.clone();
    expect(copy.type).toBe("FRAME");
    expect(copy.id).not.toBe(frame.id);
    expect(copy.parent).toBe(figma.currentPage);
    expect(copy.x).toBe(5);
    expect(copy.children).toHaveLength(1);
    expect(copy.children[0]!.id).not.toBe(frame.children[0]!.id);
    expect(copy.getPluginData("k")).toBe("v");
    expect(copy.getRelaunchData()).toEqual({ edit: "Edit" });
    copy.setPluginData("k", "changed");
    expect(frame.getPluginData("k")).toBe("v");
  });

  it("removes a node with its children; a removed node's properties throw", () => {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    const child = figma.createRectangle();
    frame.appendChild(child);
    frame.remove();
    expect(frame.removed).toBe(true);
    expect(child.removed).toBe(true);
    expect(figma.currentPage.children).toEqual([]);
    expect(() => frame.name).toThrow(`The node with id "${frame.id}" does not exist`);
    expect(() => (frame.fills = [])).toThrow(/does not exist/);
  });

  it("makes instances whose layers can't be moved or removed", async () => {
    const figma = createFigmaFake();
    const component = figma.createComponent();
    component.appendChild(figma.createRectangle());
    const instance = component.createInstance();
    expect(instance.type).toBe("INSTANCE");
    expect(await instance.getMainComponentAsync()).toBe(component);
    const layer = instance.children[0]!;
    expect(layer.type).toBe("RECTANGLE");
    expect(() => layer.remove()).toThrow(/inside an instance/);
    expect(() => figma.currentPage.appendChild(layer)).toThrow(/inside of an instance/);
    expect(() => instance.appendChild(figma.createRectangle())).toThrow(/instance/);
    expect(instance.clone().type).toBe("INSTANCE");
  });

  it("lets only children of auto-layout frames be absolutely positioned", () => {
    const figma = createFigmaFake();
    const row = figma.createFrame();
    const child = figma.createRectangle();
    row.appendChild(child);
    expect(() => (child.layoutPositioning = "ABSOLUTE")).toThrow(/layoutMode !== NONE/);
    row.layoutMode = "HORIZONTAL";
    child.layoutPositioning = "ABSOLUTE";
    expect(child.layoutPositioning).toBe("ABSOLUTE");
  });
});

describe("fills", () => {
  it("are frozen: mutating them throws, replacing the array works", () => {
    const figma = createFigmaFake();
    const rect = figma.createRectangle();
    const fills = rect.fills as Paint[];
    expect(() => {
      (fills[0] as { opacity: number }).opacity = 0.5;
    }).toThrow(TypeError);
    expect(() => fills.push(red)).toThrow(TypeError);
    rect.fills = [...rect.fills, red];
    expect(solidColors(rect.fills)).toEqual(["0.851,0.851,0.851", "1,0,0"]);
    expect(rect.fills[1]).toMatchObject({ visible: true, opacity: 1, blendMode: "NORMAL" });
    expect(Object.isFrozen(rect.fills[1])).toBe(true);
  });

  it("validates paints and image hashes", async () => {
    const figma = createFigmaFake();
    const rect = figma.createRectangle();
    expect(() => (rect.fills = [{ type: "SOLID", color: { r: 2, g: 0, b: 0 } }])).toThrow(/in set_fills/);
    expect(() => (rect.fills = [{ type: "NOPE" } as unknown as Paint])).toThrow(/invalid type/);
    expect(() => (rect.fills = [{ type: "IMAGE", scaleMode: "FILL", imageHash: "f".repeat(40) }])).toThrow(/does not exist/);
    expect(() => (rect.fills = [{ ...red, extra: 1 } as unknown as Paint])).toThrow(/Unrecognized key/);
    const image = figma.createImage(await makeImage(4, 4));
    rect.fills = [{ type: "IMAGE", scaleMode: "FILL", imageHash: image.hash }];
    expect(rect.fills[0]).toMatchObject({ type: "IMAGE", imageHash: image.hash, scaleMode: "FILL" });
  });
});

describe("createImage", () => {
  it("takes PNG, JPEG and GIF and reports their real size and bytes", async () => {
    const figma = createFigmaFake();
    for (const format of ["png", "jpeg", "gif"] as const) {
      const bytes = await makeImage(1344, 768, format);
      const image = figma.createImage(bytes);
      expect(image.hash).toMatch(/^[0-9a-f]{40}$/);
      expect(await image.getSizeAsync()).toEqual({ width: 1344, height: 768 });
      expect(await image.getBytesAsync()).toEqual(bytes);
      expect(figma.getImageByHash(image.hash)).toBe(image);
    }
    expect(figma.getImageByHash("0".repeat(40))).toBeNull();
  });

  it("names equal bytes by equal hashes and different bytes by different ones", async () => {
    const figma = createFigmaFake();
    const a = await makeImage(8, 8, "png", { r: 1, g: 2, b: 3 });
    const b = await makeImage(8, 8, "png", { r: 3, g: 2, b: 1 });
    expect(figma.createImage(a).hash).toBe(figma.createImage(a.slice()).hash);
    expect(figma.createImage(a).hash).not.toBe(figma.createImage(b).hash);
  });

  it("refuses WebP and garbage as an unsupported type", async () => {
    const figma = createFigmaFake();
    expect(() => figma.createImage(new Uint8Array(0))).toThrow("in createImage: Image type is unsupported");
    const webp = await makeImage(16, 16, "webp");
    expect(() => figma.createImage(webp)).toThrow("in createImage: Image type is unsupported");
    expect(() => figma.createImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toThrow(/unsupported/);
  });

  it("takes 4096 px and refuses anything larger", async () => {
    const figma = createFigmaFake();
    expect(await figma.createImage(await makeImage(4096, 8)).getSizeAsync()).toEqual({ width: 4096, height: 8 });
    expect(() => figma.createImage(new Uint8Array(0))).toThrow();
    const tooWide = await makeImage(4097, 8, "jpeg");
    expect(() => figma.createImage(tooWide)).toThrow("in createImage: Image is too large");
    const tooTall = await makeImage(8, 4097, "png");
    expect(() => figma.createImage(tooTall)).toThrow("in createImage: Image is too large");
  });
});

describe("plugin data and relaunch data", () => {
  it("reads \"\" when unset, deletes on \"\", lists keys", () => {
    const figma = createFigmaFake();
    const node = figma.createFrame();
    expect(node.getPluginData("meta")).toBe("");
    node.setPluginData("meta", "{}");
    node.setPluginData("other", "x");
    expect(node.getPluginData("meta")).toBe("{}");
    expect(node.getPluginDataKeys()).toEqual(["meta", "other"]);
    node.setPluginData("other", "");
    expect(node.getPluginDataKeys()).toEqual(["meta"]);
  });

  it("refuses entries over 100 kB", () => {
    const figma = createFigmaFake();
    const node = figma.createFrame();
    node.setPluginData("k", "x".repeat(90_000));
    expect(() => node.setPluginData("k", "x".repeat(100_001))).toThrow(/100 kB/);
    expect(node.getPluginData("k")).toHaveLength(90_000);
  });

  it("replaces relaunch data whole and clears it with {}", () => {
    const figma = createFigmaFake();
    const node = figma.createFrame();
    node.setRelaunchData({ regenerate: "Again", edit: "Edit" });
    node.setRelaunchData({ edit: "Only edit" });
    expect(node.getRelaunchData()).toEqual({ edit: "Only edit" });
    node.setRelaunchData({});
    expect(node.getRelaunchData()).toEqual({});
    expect(() => node.setRelaunchData({ edit: "x".repeat(1001) })).toThrow(/1000/);
  });
});

describe("selection and events", () => {
  it("sets the selection and fires selectionchange after the change", async () => {
    const figma = createFigmaFake();
    const a = figma.createFrame();
    const b = figma.createRectangle();
    const seen: string[][] = [];
    const fired = new Promise<void>((resolve) =>
      figma.on("selectionchange", () => {
        seen.push(figma.currentPage.selection.map((node) => node.id));
        resolve();
      }),
    );
    figma.currentPage.selection = [a, b];
    expect(seen).toEqual([]);
    await fired;
    expect(seen).toEqual([[a.id, b.id]]);
    expect(() => figma.currentPage.selection.slice().push(a)).not.toThrow();
    expect(() => (figma.currentPage.selection as unknown[]).push(a)).toThrow(TypeError);
  });

  it("drops removed nodes from the selection and refuses nodes of other pages", () => {
    const figma = createFigmaFake();
    const a = figma.createFrame();
    figma.currentPage.selection = [a];
    a.remove();
    expect(figma.currentPage.selection).toEqual([]);
    const other = figma.createPage();
    const b = figma.createFrame();
    expect(() => (other.selection = [b])).toThrow(/not on page/);
  });

  it("supports once and off", async () => {
    const figma = createFigmaFake();
    const always = vi.fn();
    const once = vi.fn();
    const removed = vi.fn();
    figma.on("selectionchange", always);
    figma.once("selectionchange", once);
    figma.on("selectionchange", removed);
    figma.off("selectionchange", removed);
    const frame = figma.createFrame();
    figma.currentPage.selection = [frame];
    await Promise.resolve();
    figma.currentPage.selection = [];
    await Promise.resolve();
    expect([always.mock.calls.length, once.mock.calls.length, removed.mock.calls.length]).toEqual([2, 1, 0]);
  });

  it("fires run and close", () => {
    const figma = createFigmaFake({ command: "regenerate" });
    const run = vi.fn();
    const close = vi.fn();
    figma.on("run", run);
    figma.on("close", close);
    figma.triggerRun();
    expect(run).toHaveBeenCalledWith({ command: "regenerate", parameters: undefined });
    figma.showUI("<p>ui</p>");
    figma.closePlugin("Bye");
    expect(close).toHaveBeenCalledOnce();
    expect(figma.closeMessage).toBe("Bye");
    expect(figma.ui.isOpen).toBe(false);
    expect(figma.command).toBe("regenerate");
  });
});

describe("document access", () => {
  it("throws from getNodeById under dynamic-page and finds nodes asynchronously", async () => {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    expect(() => figma.getNodeById(frame.id)).toThrow(
      "in getNodeById: Cannot call with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.",
    );
    expect(await figma.getNodeByIdAsync(frame.id)).toBe(frame);
    frame.remove();
    expect(await figma.getNodeByIdAsync(frame.id)).toBeNull();
    const classic = createFigmaFake({ documentAccess: "default" });
    const node = classic.createFrame();
    expect(classic.getNodeById(node.id)).toBe(node);
  });

  it("makes currentPage read-only and other pages need loadAsync", async () => {
    const figma = createFigmaFake();
    const first = figma.currentPage;
    const second = figma.createPage();
    await figma.setCurrentPageAsync(second);
    const frame = figma.createFrame();
    expect(frame.parent).toBe(second);
    await figma.setCurrentPageAsync(first);
    figma.unloadPages();
    expect(() => second.children).toThrow(/loadAsync/);
    expect(() => second.appendChild(figma.createFrame())).toThrow(/loadAsync/);
    await second.loadAsync();
    expect(second.children).toEqual([frame]);
    expect(() => (figma.currentPage = second)).toThrow(/setCurrentPageAsync/);
  });
});

describe("clientStorage", () => {
  it("stores structured clones and lists and deletes keys", async () => {
    const storage = new FakeClientStorage();
    expect(await storage.getAsync("settings")).toBeUndefined();
    const value = { url: "http://x", bytes: new Uint8Array([1, 2]) };
    await storage.setAsync("settings", value);
    value.url = "changed";
    const read = (await storage.getAsync("settings")) as typeof value;
    expect(read).toEqual({ url: "http://x", bytes: new Uint8Array([1, 2]) });
    read.url = "mutated";
    expect(((await storage.getAsync("settings")) as typeof value).url).toBe("http://x");
    await storage.setAsync("options", 1);
    expect(await storage.keysAsync()).toEqual(["settings", "options"]);
    await storage.deleteAsync("settings");
    await storage.deleteAsync("missing");
    expect(await storage.keysAsync()).toEqual(["options"]);
  });

  it("refuses values that can't be cloned and writes over the 5 MB quota", async () => {
    const figma = createFigmaFake();
    await expect(figma.clientStorage.setAsync("fn", () => 1)).rejects.toThrow(/can't be stored/);
    await figma.clientStorage.setAsync("big", new Uint8Array(4 * 1024 * 1024));
    await expect(figma.clientStorage.setAsync("more", new Uint8Array(1024 * 1024 + 1))).rejects.toThrow(/quota/);
    await figma.clientStorage.setAsync("big", new Uint8Array(5 * 1024 * 1024 - 10));
    expect(await figma.clientStorage.keysAsync()).toEqual(["big"]);
  });
});

describe("ui", () => {
  it("records showUI's options and passes checked clones both ways", async () => {
    const transport = createMemoryUiTransport();
    const figma = createFigmaFake({ ui: transport });
    expect(() => figma.ui.postMessage({ type: "early" })).toThrow(/No UI is open/);
    figma.showUI("<p>ui</p>", { width: 320, height: 560, themeColors: true });
    expect(transport.shown).toEqual({ html: "<p>ui</p>", options: { width: 320, height: 560, themeColors: true } });
    expect(figma.ui.shownWith?.themeColors).toBe(true);

    const message = { type: "hello", bytes: new Uint8Array([1, 2, 3]) };
    figma.ui.postMessage(message);
    const received = await transport.next<{ type: "hello"; bytes: Uint8Array }>("hello");
    expect(received).toEqual(message);
    expect(received).not.toBe(message);
    expect(() => figma.ui.postMessage({ buffer: new ArrayBuffer(2) })).toThrow(/ArrayBuffer/);
    expect(() => figma.ui.postMessage({ f: () => 1 })).toThrow(/function/);

    const viaOnmessage = vi.fn();
    const viaOn = vi.fn();
    const viaOnce = vi.fn();
    figma.ui.onmessage = viaOnmessage;
    figma.ui.on("message", viaOn);
    figma.ui.once("message", viaOnce);
    const done = new Promise<void>((resolve) => figma.ui.on("message", () => resolve()));
    transport.send({ type: "one" });
    await done;
    const second = new Promise<void>((resolve) => figma.ui.once("message", () => resolve()));
    transport.send({ type: "two" });
    await second;
    expect(viaOnmessage.mock.calls.map(([m]) => m)).toEqual([{ type: "one" }, { type: "two" }]);
    expect(viaOn).toHaveBeenCalledTimes(2);
    expect(viaOnce).toHaveBeenCalledOnce();
    expect(viaOn.mock.calls[0]![1]).toEqual({ origin: "null" });
  });

  it("resizes and closes the UI", () => {
    const figma = createFigmaFake();
    figma.showUI("<p>ui</p>", { width: 320, height: 560 });
    figma.ui.resize(400, 600);
    expect(figma.ui.size).toEqual({ width: 400, height: 600 });
    figma.ui.close();
    expect(() => figma.ui.postMessage({})).toThrow(/No UI is open/);
  });
});

describe("notify and viewport", () => {
  it("records notifications and lets them be cancelled", () => {
    const figma = createFigmaFake();
    const handler = figma.notify("Filled 3 frames", { timeout: 5000 });
    figma.notify("Failed", { error: true });
    handler.cancel();
    expect(figma.notifications.map((n) => [n.message, n.cancelled, n.options?.error ?? false])).toEqual([
      ["Filled 3 frames", true, false],
      ["Failed", false, true],
    ]);
  });

  it("derives the viewport bounds from centre and zoom", () => {
    const figma = createFigmaFake({ viewport: { center: { x: 500, y: 300 }, zoom: 2, screen: { width: 1000, height: 800 } } });
    expect(figma.viewport.center).toEqual({ x: 500, y: 300 });
    expect(figma.viewport.bounds).toEqual({ x: 250, y: 100, width: 500, height: 400 });
    figma.viewport.zoom = 1;
    expect(figma.viewport.bounds.width).toBe(1000);
  });
});

describe("undo", () => {
  async function documentWithOneFrame(): Promise<{ figma: FakeFigma; frame: ReturnType<FakeFigma["createFrame"]> }> {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    frame.name = "Hero";
    figma.commitUndo();
    return { figma, frame };
  }

  it("reverts fills, plugin data, relaunch data, geometry and names to the last commit", async () => {
    const { figma, frame } = await documentWithOneFrame();
    const before = { fills: frame.fills, x: frame.x };
    const image = figma.createImage(await makeImage(4, 4));
    frame.fills = [...frame.fills, { type: "IMAGE", scaleMode: "FILL", imageHash: image.hash }];
    frame.setPluginData("meta", "{}");
    frame.setRelaunchData({ edit: "Edit" });
    frame.x = 99;
    frame.resize(10, 20);
    frame.name = "Renamed";
    expect(figma.triggerUndo()).toBe(true);
    expect(frame.fills).toEqual(before.fills);
    expect([frame.x, frame.width, frame.height, frame.name]).toEqual([before.x, 100, 100, "Hero"]);
    expect(frame.getPluginDataKeys()).toEqual([]);
    expect(frame.getRelaunchData()).toEqual({});
  });

  it("removes nodes created since the commit and brings back removed ones", async () => {
    const { figma, frame } = await documentWithOneFrame();
    const created = figma.createRectangle();
    const copy = frame.clone();
    frame.remove();
    figma.triggerUndo();
    expect(created.removed).toBe(true);
    expect(copy.removed).toBe(true);
    expect(frame.removed).toBe(false);
    expect(figma.currentPage.children).toEqual([frame]);
    expect(await figma.getNodeByIdAsync(created.id)).toBeNull();
  });

  it("undoes one committed step at a time", async () => {
    const { figma, frame } = await documentWithOneFrame();
    frame.x = 10;
    figma.commitUndo();
    frame.x = 20;
    frame.y = 5;
    figma.commitUndo();
    figma.commitUndo();
    expect(figma.triggerUndo()).toBe(true);
    expect([frame.x, frame.y]).toEqual([10, 0]);
    figma.triggerUndo();
    expect(frame.x).toBe(0);
    figma.triggerUndo();
    expect(frame.removed).toBe(true);
    expect(figma.triggerUndo()).toBe(false);
    expect(figma.commitUndoCalls).toBe(4);
  });

  it("tells the page's nodechange listeners what ⌘Z changed on it: property changes, creations undone, removals undone", async () => {
    const { figma, frame } = await documentWithOneFrame();
    const removedLater = figma.createRectangle();
    figma.commitUndo();
    const events: NodeChangeEvent[] = [];
    const onceEvents: NodeChangeEvent[] = [];
    figma.currentPage.on("nodechange", (event) => events.push(event));
    figma.currentPage.once("nodechange", (event) => onceEvents.push(event));
    frame.fills = [red];
    frame.name = "Renamed";
    frame.setSharedPluginData("framefill", "k", "v");
    const created = figma.createEllipse();
    removedLater.remove();

    figma.triggerUndo();
    expect(events).toEqual([]);
    await Promise.resolve();

    expect(events).toHaveLength(1);
    const byType = Object.fromEntries(events[0]!.nodeChanges.map((change) => [`${change.type} ${change.id}`, change]));
    expect(Object.keys(byType).sort()).toEqual(
      [`CREATE ${removedLater.id}`, `DELETE ${created.id}`, `PROPERTY_CHANGE ${frame.id}`].sort(),
    );
    expect(byType[`PROPERTY_CHANGE ${frame.id}`]).toMatchObject({ origin: "LOCAL", node: frame, properties: ["name", "fills", "pluginData"] });
    expect(byType[`DELETE ${created.id}`]!.node).toEqual({ id: created.id, type: "ELLIPSE", removed: true });
    expect(byType[`CREATE ${removedLater.id}`]!.node).toBe(removedLater);
    expect(onceEvents).toHaveLength(1);

    // The next ⌘Z takes back the committed step that made the rectangle. A listener taken off hears nothing more.
    expect(figma.triggerUndo()).toBe(true);
    await Promise.resolve();
    expect(events[1]!.nodeChanges.map((change) => `${change.type} ${change.id}`)).toEqual([`DELETE ${removedLater.id}`]);
    const listener = vi.fn();
    figma.currentPage.on("nodechange", listener);
    figma.currentPage.off("nodechange", listener);
    frame.x = 5;
    figma.triggerUndo();
    await Promise.resolve();
    expect(listener).not.toHaveBeenCalled();
    expect(() => figma.currentPage.on("selectionchange" as "nodechange", () => {})).toThrow(/Unsupported page event "selectionchange"/);
  });
});

describe("installFigmaFake", () => {
  it("installs the fake as the global figma and __html__ and puts the old values back", () => {
    const figma = createFigmaFake();
    const scope = globalThis as { figma?: unknown; __html__?: unknown };
    const uninstall = installFigmaFake(figma, { html: "<main></main>" });
    expect(scope.figma).toBe(figma);
    expect(scope.__html__).toBe("<main></main>");
    uninstall();
    expect(scope.figma).toBeUndefined();
    expect(scope.__html__).toBeUndefined();
  });

  it("shares clientStorage between runs when given the same storage", async () => {
    const storage = new FakeClientStorage();
    await createFigmaFake({ clientStorage: storage }).clientStorage.setAsync("settings", { region: "us-west-2" });
    expect(await createFigmaFake({ clientStorage: storage }).clientStorage.getAsync("settings")).toEqual({ region: "us-west-2" });
  });
});

describe("placement rules", () => {
  it("clips a frame's content to its bounds, by default for new frames", () => {
    const figma = createFigmaFake();
    const card = figma.createFrame();
    card.resize(300, 200);
    const photo = figma.createRectangle();
    card.appendChild(photo);
    photo.x = 250;
    expect(card.clipsContent).toBe(true);
    expect(figma.visibleBox(photo)).toEqual({ x: 250, y: 0, width: 50, height: 100 });
    photo.x = 340;
    expect(figma.visibleBox(photo)).toBeNull();
    card.clipsContent = false;
    expect(figma.visibleBox(photo)).toEqual({ x: 340, y: 0, width: 100, height: 100 });
  });

  it("lays out auto-layout children in a row, except absolutely positioned ones, whose x/y it keeps", () => {
    const figma = createFigmaFake();
    const row = figma.createFrame();
    row.layoutMode = "HORIZONTAL";
    row.itemSpacing = 10;
    const [a, b, c] = [figma.createRectangle(), figma.createRectangle(), figma.createRectangle()];
    for (const node of [a!, b!, c!]) row.appendChild(node);
    expect([a!.x, b!.x, c!.x]).toEqual([0, 110, 220]);
    b!.x = 500; // ignored: the layout places it
    expect(b!.x).toBe(110);
    b!.layoutPositioning = "ABSOLUTE";
    expect([b!.x, c!.x]).toEqual([110, 110]);
    b!.x = 500;
    expect(b!.x).toBe(500);
  });

  it("shows a component's layers in its instances until an instance overrides them", () => {
    const figma = createFigmaFake();
    const component = figma.createComponent();
    const photo = figma.createRectangle();
    component.appendChild(photo);
    const [first, second] = [component.createInstance(), component.createInstance()];
    const layer = first.children[0] as FakeShapeNode;
    expect(layer.id).toBe(`I${first.id};${photo.id}`);
    photo.fills = [red];
    photo.x = 20;
    expect(solidColors(layer.fills)).toEqual(["1,0,0"]);
    expect(layer.x).toBe(20);
    layer.fills = [{ type: "SOLID", color: { r: 0, g: 0, b: 1 } }];
    photo.fills = [{ type: "SOLID", color: { r: 0, g: 1, b: 0 } }];
    expect(solidColors(layer.fills)).toEqual(["0,0,1"]);
    expect(solidColors((second.children[0] as FakeShapeNode).fills)).toEqual(["0,1,0"]);
    expect(first.overrides).toEqual([{ id: layer.id, overriddenFields: ["fills"] }]);

    component.appendChild(figma.createEllipse());
    expect(first.children.map((child) => child.type)).toEqual(["RECTANGLE", "ELLIPSE"]);
    photo.remove();
    expect(second.children.map((child) => child.type)).toEqual(["ELLIPSE"]);
    expect(layer.removed).toBe(true);
  });

  it("copies an instance as an instance of the same component, overrides included", async () => {
    const figma = createFigmaFake();
    const component = figma.createComponent();
    component.appendChild(figma.createRectangle());
    const instance = component.createInstance();
    (instance.children[0] as FakeShapeNode).fills = [red];
    const copy = instance.clone();
    expect(copy.type).toBe("INSTANCE");
    expect(await copy.getMainComponentAsync()).toBe(component);
    expect(solidColors((copy.children[0] as FakeShapeNode).fills)).toEqual(["1,0,0"]);
    component.children[0]!.resize(50, 60);
    expect([copy.children[0]!.width, copy.children[0]!.height]).toEqual([50, 60]);
    const frameCopy = component.clone();
    expect(frameCopy.type).toBe("COMPONENT");
    expect(await frameCopy.getInstancesAsync()).toEqual([]);
    expect(await component.getInstancesAsync()).toEqual([instance, copy]);
  });

  it("links fills to a paint style with setFillStyleIdAsync; the sync setter throws under dynamic-page; new fills unlink", async () => {
    const figma = createFigmaFake();
    const style = figma.createPaintStyle();
    style.paints = [red];
    const rect = figma.createRectangle();
    expect(rect.fillStyleId).toBe("");
    expect(() => (rect.fillStyleId = style.id)).toThrow(/dynamic-page/);
    await rect.setFillStyleIdAsync(style.id);
    expect(rect.fillStyleId).toBe(style.id);
    expect(solidColors(rect.fills)).toEqual(["1,0,0"]);
    await expect(rect.setFillStyleIdAsync("S:nope,")).rejects.toThrow(/Invalid style id/);
    rect.fills = [];
    expect(rect.fillStyleId).toBe("");
    const classic = createFigmaFake({ documentAccess: "default" });
    const other = classic.createPaintStyle();
    const node = classic.createFrame();
    node.fillStyleId = other.id;
    expect(node.fillStyleId).toBe(other.id);
  });

  it("keeps shared plugin data by namespace across a plugin id change, which hides private data", () => {
    const figma = createFigmaFake({ pluginId: "123:dev" });
    const node = figma.createFrame();
    node.setPluginData("k", "private");
    node.setSharedPluginData("framefill", "k", "shared");
    expect(node.getSharedPluginDataKeys("framefill")).toEqual(["k"]);
    expect(() => node.setSharedPluginData("ff", "k", "v")).toThrow(/at least 3 alphanumeric/);
    expect(() => node.setSharedPluginData("framefill", "big", "x".repeat(100_000))).toThrow(/100 kB/);
    figma.changePluginId("987654321");
    expect(node.getPluginData("k")).toBe("");
    expect(node.getSharedPluginData("framefill", "k")).toBe("shared");
    node.setSharedPluginData("framefill", "k", "");
    expect(node.getSharedPluginDataKeys("framefill")).toEqual([]);
  });

  it("measures a section's children from its corner and leaves them in place when it grows", () => {
    const figma = createFigmaFake();
    const section = figma.createSection();
    section.x = 1000;
    section.y = 500;
    section.resize(800, 600);
    const frame = figma.createFrame();
    section.appendChild(frame);
    frame.x = 40;
    frame.y = 60;
    expect(frame.absoluteBoundingBox).toEqual({ x: 1040, y: 560, width: 100, height: 100 });
    section.resizeWithoutConstraints(2000, 600);
    expect(frame.absoluteBoundingBox).toEqual({ x: 1040, y: 560, width: 100, height: 100 });
    expect("clipsContent" in section).toBe(false);
    expect("layoutMode" in section).toBe(false);
  });

  it("reports the axis-aligned bounding box of a rotated layer", () => {
    const figma = createFigmaFake();
    const rect = figma.createRectangle();
    rect.resize(200, 100);
    rect.x = 100;
    rect.y = 100;
    rect.rotation = 90; // counter-clockwise about the top-left corner
    expect(rect.absoluteBoundingBox).toEqual({ x: 100, y: -100, width: 100, height: 200 });
    rect.rotation = 45;
    const box = rect.absoluteBoundingBox;
    expect(box.width).toBeCloseTo(150 * Math.SQRT2, 6);
    expect(box.height).toBeCloseTo(150 * Math.SQRT2, 6);
    rect.rotation = 270;
    expect(rect.rotation).toBe(-90);
  });

  it("keeps a layer's opacity from 0 to 1, read through by instances until overridden, and undone", () => {
    const figma = createFigmaFake();
    const component = figma.createComponent();
    const layer = figma.createRectangle();
    component.appendChild(layer);
    const instance = component.createInstance();
    expect(layer.opacity).toBe(1);
    figma.commitUndo();
    layer.opacity = 0.4;
    expect(instance.children[0]!.opacity).toBe(0.4);
    instance.children[0]!.opacity = 0.8;
    expect(instance.overrides).toContainEqual({ id: instance.children[0]!.id, overriddenFields: ["opacity"] });
    expect(() => (layer.opacity = 1.5)).toThrow(/from 0 to 1/);
    expect(() => (layer.opacity = Number.NaN)).toThrow(/from 0 to 1/);
    figma.triggerUndo();
    expect(layer.opacity).toBe(1);
  });
});
