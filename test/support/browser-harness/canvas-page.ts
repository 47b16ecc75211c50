/**
 * The harness page's canvas (runs in the page, beside harness-page.ts): builds layer trees in the fake's document
 * from plain specs, reports every layer's geometry (box, what of it shows after clipping, its images), and draws the
 * page with `renderCanvas` into a `#canvas` element that tests screenshot and sample. Tests drive it through
 * `window.framefillCanvas` (see canvas.ts for the Node side).
 */
import type { FakeFigma, FakeSceneNode } from "../figma-fake/index.js";
import { visibleBox } from "../figma-fake/nodes.js";
import { renderCanvas, type RenderCanvasOptions } from "../figma-fake/render-canvas.js";

/** A paint in a spec: Figma's paints, and an IMAGE paint may give its bytes (base64) instead of a hash. */
export type PaintSpec = Paint | (Omit<ImagePaint, "imageHash"> & { imageBase64: string });

/** One layer to build, with its children. Names should be unique in a scene: `build` returns ids by name. */
export interface LayerSpec {
  type: "FRAME" | "COMPONENT" | "SECTION" | "RECTANGLE" | "ELLIPSE" | "TEXT" | "GROUP";
  name: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  rotation?: number;
  visible?: boolean;
  opacity?: number;
  clipsContent?: boolean;
  fills?: PaintSpec[];
  characters?: string;
  children?: LayerSpec[];
}

export interface LayerInfo {
  id: string;
  name: string;
  type: string;
  parentId: string | null;
  /** absoluteBoundingBox. */
  box: Rect;
  /** The part of the box that shows once clipping ancestors cut it; null when nothing shows. */
  visibleBox: Rect | null;
  imageHashes: string[];
}

export interface CanvasView {
  area: Rect;
  scale: number;
  width: number;
  height: number;
}

export interface CanvasApi {
  /** Builds the layers on the current page, as the designer's own undo step; returns their ids by name. */
  build(layers: LayerSpec[]): Record<string, string>;
  /** Every layer on the current page, depth first. */
  layers(): LayerInfo[];
  /** Draws the current page into #canvas and resolves once its images are decoded. */
  show(options?: RenderCanvasOptions): Promise<CanvasView>;
  hide(): void;
}

declare global {
  interface Window {
    framefillCanvas: CanvasApi;
  }
}

/** Puts `window.framefillCanvas` on the page, working on whatever document `currentFigma` returns. */
export function installCanvasApi(currentFigma: () => FakeFigma): void {
  window.framefillCanvas = {
    build(layers) {
      const figma = currentFigma();
      const ids: Record<string, string> = {};
      for (const spec of layers) buildLayer(figma, spec, null, ids);
      figma.commitUndo();
      return ids;
    },
    layers() {
      return currentFigma().currentPage.findAll().map(describeLayer);
    },
    async show(options = {}) {
      const figma = currentFigma();
      const canvas = await renderCanvas(figma.currentPage, figma, options);
      const element = canvasElement();
      element.innerHTML = canvas.svg;
      element.hidden = false;
      // Chromium's SVGImageElement has decode() (HTMLImageElement's, in the HTML spec); TypeScript's DOM lib lacks it.
      await Promise.all([...element.querySelectorAll("image")].map((image) => (image as SVGImageElement & { decode(): Promise<void> }).decode()));
      return { area: canvas.area, scale: canvas.scale, width: canvas.width, height: canvas.height };
    },
    hide() {
      const element = canvasElement();
      element.hidden = true;
      element.innerHTML = "";
    },
  };
}

function canvasElement(): HTMLElement {
  let element = document.getElementById("canvas");
  if (!element) {
    element = document.createElement("div");
    element.id = "canvas";
    element.style.cssText = "position: absolute; left: 0; top: 0; line-height: 0; z-index: 1;";
    document.body.appendChild(element);
  }
  return element;
}

type Container = { appendChild(child: FakeSceneNode): void };

function buildLayer(figma: FakeFigma, spec: LayerSpec, parent: Container | null, ids: Record<string, string>): FakeSceneNode {
  if (spec.type === "GROUP") {
    const children = (spec.children ?? []).map((child) => buildLayer(figma, child, parent, ids));
    const group = figma.group(children, (parent ?? figma.currentPage) as never);
    group.name = spec.name;
    applyCommon(group, spec);
    ids[spec.name] = group.id;
    return group;
  }
  const node = create(figma, spec.type);
  node.name = spec.name;
  parent?.appendChild(node);
  if (spec.width !== undefined || spec.height !== undefined) node.resize(spec.width ?? node.width, spec.height ?? node.height);
  node.x = spec.x ?? 0;
  node.y = spec.y ?? 0;
  if (spec.rotation !== undefined) node.rotation = spec.rotation;
  if (spec.clipsContent !== undefined) (node as FakeSceneNode & { clipsContent: boolean }).clipsContent = spec.clipsContent;
  if (spec.characters !== undefined) (node as FakeSceneNode & { characters: string }).characters = spec.characters;
  if (spec.fills) (node as FakeSceneNode & { fills: Paint[] }).fills = spec.fills.map((paint) => toPaint(figma, paint));
  applyCommon(node, spec);
  ids[spec.name] = node.id;
  for (const child of spec.children ?? []) buildLayer(figma, child, node as unknown as Container, ids);
  return node;
}

function applyCommon(node: FakeSceneNode, spec: LayerSpec): void {
  if (spec.visible !== undefined) node.visible = spec.visible;
  if (spec.opacity !== undefined) (node as FakeSceneNode & { opacity: number }).opacity = spec.opacity;
}

function create(figma: FakeFigma, type: Exclude<LayerSpec["type"], "GROUP">): FakeSceneNode {
  switch (type) {
    case "FRAME":
      return figma.createFrame();
    case "COMPONENT":
      return figma.createComponent();
    case "SECTION":
      return figma.createSection();
    case "RECTANGLE":
      return figma.createRectangle();
    case "ELLIPSE":
      return figma.createEllipse();
    case "TEXT":
      return figma.createText();
  }
}

function toPaint(figma: FakeFigma, paint: PaintSpec): Paint {
  if (!("imageBase64" in paint)) return paint;
  const { imageBase64, ...rest } = paint;
  const bytes = Uint8Array.from(atob(imageBase64), (char) => char.charCodeAt(0));
  return { ...rest, imageHash: figma.createImage(bytes).hash };
}

function describeLayer(node: FakeSceneNode): LayerInfo {
  const fills = (node as FakeSceneNode & { fills?: ReadonlyArray<Paint> | symbol }).fills;
  const paints = Array.isArray(fills) ? (fills as ReadonlyArray<Paint>) : [];
  const parent = node.parent;
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    parentId: parent && parent.type !== "PAGE" ? parent.id : null,
    box: { ...node.absoluteBoundingBox },
    visibleBox: visibleBox(node),
    imageHashes: paints.flatMap((paint) => (paint.type === "IMAGE" && paint.imageHash ? [paint.imageHash] : [])),
  };
}
