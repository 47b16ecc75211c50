/**
 * The fake's document: nodes with Figma's identities, tree rules and coordinates. Each node's mutable state lives in
 * one plain record (`NodeData`) so that the whole document can be snapshotted and restored, which is how
 * `triggerUndo` reverts to the last `commitUndo`.
 *
 * Behaviours modelled on Figma's documentation: new nodes go to the current page; `clone()` parents the copy under
 * `figma.currentPage` (callers move it where they want it); `remove()` takes the children along and a group that
 * loses its last child removes itself; a group has no coordinate system of its own (its children's x/y are in the
 * group's parent's space, and its bounds follow its children); children of instances can't be moved or removed and
 * instances take no new children; a removed node's properties throw; `fills` are frozen and replaced whole; plugin
 * data is "" when unset and at most 100 kB; with documentAccess "dynamic-page" a page other than the current one must
 * be loaded (`loadAsync`) before its children are read or changed.
 *
 * Rules added for placing variants (each cites @figma/plugin-typings 1.142.0, plugin-api.d.ts, or Figma's docs):
 * - frames clip their content (`clipsContent`, plugin-api.d.ts:9472); `visibleBox` (a test helper) says what is seen;
 * - children of HORIZONTAL/VERTICAL auto-layout frames are placed by the layout unless `layoutPositioning` is
 *   "ABSOLUTE" (plugin-api.d.ts:8549-8580); their x/y can't be set (plugin-api.d.ts:7380-7382);
 * - an instance shows its main component's layers: each layer of an instance mirrors a component layer, reading its
 *   properties through unless the instance overrides them, and gains or loses layers with it (InstanceNode docs:
 *   "They will always be automatically updated if a component is modified"; `overrides`, plugin-api.d.ts:11301-11306);
 *   its layers' ids are "I<instance id>;<component layer id>";
 * - `fillStyleId` is read-only under documentAccess "dynamic-page", set with `setFillStyleIdAsync`
 *   (plugin-api.d.ts:8806-8816); assigning `fills` unlinks the style (the editor's behaviour; not stated in the docs);
 * - private plugin data belongs to the plugin id ("Data will become inaccessible if your plugin ID changes",
 *   plugin-api.d.ts:6541); shared plugin data is public, by namespace (plugin-api.d.ts:6552-6576);
 * - sections: their children's x/y are relative to them, they have no auto layout and no clipsContent, and resizing
 *   one leaves its children where they are (SectionNode, plugin-api.d.ts:12314-12350);
 * - `rotation` turns a layer about its top-left corner (plugin-api.d.ts:7414); `absoluteBoundingBox` is then the
 *   axis-aligned box around it (plugin-api.d.ts:7386-7390). Rotated containers are not modelled.
 * - component sets, made by `figma.combineAsVariants` from components only (plugin-api.d.ts:1835-1857): a frame
 *   (ComponentSetNode extends BaseFrameMixin, plugin-api.d.ts:11175) whose children, the variants, are components;
 * - a layer's `opacity` "must be between 0 and 1" (plugin-api.d.ts:9494-9498); sections have none in the typings, which
 *   the fake does not enforce.
 */
import { exportPng } from "./export-png.js";
import { normalizePaints } from "./paints.js";
import type { FakePaintStyle } from "./styles.js";

export type ShapeType = "RECTANGLE" | "ELLIPSE" | "POLYGON" | "STAR" | "VECTOR" | "LINE";
export type FrameLikeType = "FRAME" | "COMPONENT" | "COMPONENT_SET" | "INSTANCE" | "SECTION";
export type FakeSceneType = ShapeType | FrameLikeType | "TEXT" | "GROUP";
export type FakeNodeType = FakeSceneType | "PAGE" | "DOCUMENT";
type LayoutMode = "NONE" | "HORIZONTAL" | "VERTICAL" | "GRID";

/** The mutable state of one node; what an undo snapshot holds. */
export interface NodeData {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  visible: boolean;
  opacity: number;
  locked: boolean;
  rotation: number;
  fills: ReadonlyArray<Paint>;
  fillStyleId: string;
  clipsContent: boolean;
  itemSpacing: number;
  /** Private plugin data: plugin id → key → value. */
  pluginData: Record<string, Record<string, string>>;
  /** Shared plugin data: namespace → key → value. */
  sharedPluginData: Record<string, Record<string, string>>;
  relaunchData: Record<string, string>;
  parentId: string | null;
  childIds: string[];
  removed: boolean;
  layoutMode: LayoutMode;
  layoutPositioning: "AUTO" | "ABSOLUTE";
  characters: string;
  mainComponentId: string | null;
  /** For an instance and its layers: the component layer this one mirrors. */
  sourceId: string | null;
  /** For an instance and its layers: the properties set on it rather than read from its source. */
  overrides: string[];
  loaded: boolean;
}

/** What the nodes need from the surrounding `figma` object. */
export interface DocumentEnvironment {
  readonly documentAccess: "dynamic-page" | "default";
  readonly pluginId: string;
  currentPage(): FakePageNode;
  paintStyle(id: string): FakePaintStyle | null;
  imageExists(hash: string): boolean;
  selectionChanged(page: FakePageNode): void;
}

export type Snapshot = ReadonlyMap<string, NodeData>;

/**
 * The node's state each `NodeChangeProperty` (plugin-api.d.ts:3763) names. Shared plugin data is reported as
 * "pluginData", the only plugin-data property there is (unconfirmed for shared data); relaunch data, children (their
 * own CREATE, DELETE and "parent" changes say it) and the fake's bookkeeping are not reported.
 */
const CHANGE_PROPERTIES: Partial<Record<keyof NodeData, NodeChangeProperty>> = {
  name: "name", x: "x", y: "y", width: "width", height: "height", visible: "visible", opacity: "opacity", locked: "locked",
  rotation: "rotation", fills: "fills", fillStyleId: "fillStyleId", clipsContent: "clipsContent", itemSpacing: "itemSpacing",
  pluginData: "pluginData", sharedPluginData: "pluginData", parentId: "parent", layoutMode: "layoutMode",
  layoutPositioning: "layoutPositioning", characters: "characters",
};

/** What a "nodechange" PROPERTY_CHANGE lists for a node whose state went from `before` to `after`. */
export function changedProperties(before: NodeData, after: NodeData): NodeChangeProperty[] {
  const properties = new Set<NodeChangeProperty>();
  for (const key of Object.keys(CHANGE_PROPERTIES) as (keyof NodeData)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) properties.add(CHANGE_PROPERTIES[key]!);
  }
  return [...properties];
}

/** Total size Figma allows for one plugin data entry (plugin id, key and value). */
export const PLUGIN_DATA_LIMIT_BYTES = 100_000;
const RELAUNCH_DESCRIPTION_LIMIT = 1000;
/** Containers whose children's x/y are relative to them (a group is not one of them). */
const COORDINATE_SPACES = new Set<string>(["FRAME", "COMPONENT", "COMPONENT_SET", "INSTANCE", "SECTION"]);
/** Properties an instance's layers read from their component layer until the instance overrides them. */
const INHERITED = new Set<keyof NodeData>([
  "name", "x", "y", "width", "height", "rotation", "visible", "opacity", "fills", "fillStyleId", "clipsContent", "layoutMode",
  "itemSpacing", "layoutPositioning", "characters",
]);
/** The instance itself has its own name, place and size. */
const INSTANCE_OWN = new Set<keyof NodeData>(["name", "x", "y", "width", "height", "rotation"]);
/** "The namespace must be at least 3 alphanumeric characters" (plugin-api.d.ts:6558). */
const NAMESPACE = /^[A-Za-z0-9_]{3,}$/;

/** Every node of one document, by id, and the snapshots that undo uses. */
export class NodeStore {
  readonly #nodes = new Map<string, FakeBaseNode>();
  #nextId = 1;

  constructor(readonly env: DocumentEnvironment) {}

  newId(prefix: number): string {
    return `${prefix}:${this.#nextId++}`;
  }

  register(node: FakeBaseNode): void {
    this.#nodes.set(node.id, node);
  }

  /** Live instances and instance layers that mirror the node with this id. */
  mirrorsOf(id: string): FakeBaseNode[] {
    const mirrors: FakeBaseNode[] = [];
    for (const node of this.#nodes.values()) if (!node.data.removed && node.data.sourceId === id) mirrors.push(node);
    return mirrors;
  }

  /** The live node with this id, or null (also for removed nodes). */
  find(id: string): FakeBaseNode | null {
    const node = this.#nodes.get(id);
    return node && !node.data.removed ? node : null;
  }

  /** The node with this id whether removed or not; throws for ids the store never had. */
  get(id: string): FakeBaseNode {
    const node = this.#nodes.get(id);
    if (!node) throw new Error(`Unknown node id ${id}`);
    return node;
  }

  snapshot(): Snapshot {
    const snapshot = new Map<string, NodeData>();
    for (const [id, node] of this.#nodes) snapshot.set(id, copyData(node.data));
    return snapshot;
  }

  /** Puts every node back as it was in the snapshot; nodes created since are removed. */
  restore(snapshot: Snapshot): void {
    for (const [id, node] of this.#nodes) {
      const saved = snapshot.get(id);
      node.data = saved ? copyData(saved) : { ...node.data, removed: true, parentId: null, childIds: [] };
    }
  }

  /** A comparable serialization of a snapshot's live nodes (removed ones are not part of the document). */
  static serialize(snapshot: Snapshot): string {
    const live = [...snapshot].filter(([, data]) => !data.removed);
    return JSON.stringify(live.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function copyData(data: NodeData): NodeData {
  return {
    ...data,
    pluginData: copyRecords(data.pluginData),
    sharedPluginData: copyRecords(data.sharedPluginData),
    relaunchData: { ...data.relaunchData },
    childIds: [...data.childIds],
    overrides: [...data.overrides],
  };
}

function copyRecords(records: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const copy: Record<string, Record<string, string>> = {};
  for (const key of Object.keys(records)) copy[key] = { ...records[key] };
  return copy;
}

/** Default state for a new node. */
export function newNodeData(overrides: Partial<NodeData>): NodeData {
  return {
    name: "",
    x: 0,
    y: 0,
    width: 100,
    height: 100,
    visible: true,
    opacity: 1,
    locked: false,
    rotation: 0,
    fills: Object.freeze([]),
    fillStyleId: "",
    clipsContent: false,
    itemSpacing: 0,
    pluginData: {},
    sharedPluginData: {},
    relaunchData: {},
    parentId: null,
    childIds: [],
    removed: false,
    layoutMode: "NONE",
    layoutPositioning: "AUTO",
    characters: "",
    mainComponentId: null,
    sourceId: null,
    overrides: [],
    loaded: true,
    ...overrides,
  };
}

/** What every node has: identity, name, parent, plugin data, relaunch data, removal. */
export abstract class FakeBaseNode
  implements
    Pick<
      BaseNodeMixin,
      | "id"
      | "name"
      | "removed"
      | "toString"
      | "remove"
      | "getPluginData"
      | "setPluginData"
      | "getPluginDataKeys"
      | "getSharedPluginData"
      | "setSharedPluginData"
      | "getSharedPluginDataKeys"
      | "setRelaunchData"
      | "getRelaunchData"
    >
{
  abstract readonly type: FakeNodeType;
  /** @internal The node's state; read and written through the properties. */
  data: NodeData;

  constructor(
    /** @internal */ readonly store: NodeStore,
    readonly id: string,
    data: NodeData,
  ) {
    this.data = data;
    store.register(this);
  }

  get removed(): boolean {
    return this.data.removed;
  }

  get name(): string {
    return this.read("name");
  }

  set name(value: string) {
    if (typeof value !== "string") throw new Error("in set_name: Expected a string");
    this.write("name", value);
  }

  get parent(): FakeContainerNode | null {
    const parentId = this.live().parentId;
    return parentId === null ? null : (this.store.get(parentId) as unknown as FakeContainerNode);
  }

  toString(): string {
    return `[Node ${this.id}]`;
  }

  remove(): void {
    this.live();
    if (this.type === "DOCUMENT") throw new Error("in remove: The document can't be removed");
    if (this.isInsideInstance()) throw new Error("in remove: Can't remove a layer inside an instance");
    detach(this);
    markRemoved(this);
  }

  getPluginData(key: string): string {
    return this.live().pluginData[this.store.env.pluginId]?.[checkKey(key, "getPluginData")] ?? "";
  }

  setPluginData(key: string, value: string): void {
    const data = this.live();
    checkKey(key, "setPluginData");
    data.pluginData = setEntry(data.pluginData, this.store.env.pluginId, key, value, "setPluginData");
  }

  getPluginDataKeys(): string[] {
    return Object.keys(this.live().pluginData[this.store.env.pluginId] ?? {});
  }

  getSharedPluginData(namespace: string, key: string): string {
    const data = this.live();
    checkNamespace(namespace, "getSharedPluginData");
    return data.sharedPluginData[namespace]?.[checkKey(key, "getSharedPluginData")] ?? "";
  }

  /** Public to every plugin, by namespace; "" removes the entry (plugin-api.d.ts:6563-6572). */
  setSharedPluginData(namespace: string, key: string, value: string): void {
    const data = this.live();
    checkNamespace(namespace, "setSharedPluginData");
    checkKey(key, "setSharedPluginData");
    data.sharedPluginData = setEntry(data.sharedPluginData, namespace, key, value, "setSharedPluginData");
  }

  getSharedPluginDataKeys(namespace: string): string[] {
    const data = this.live();
    checkNamespace(namespace, "getSharedPluginDataKeys");
    return Object.keys(data.sharedPluginData[namespace] ?? {});
  }

  setRelaunchData(relaunchData: { [command: string]: string }): void {
    const data = this.live();
    if (typeof relaunchData !== "object" || relaunchData === null) {
      throw new Error("in setRelaunchData: Expected an object of command → description");
    }
    for (const [command, description] of Object.entries(relaunchData)) {
      if (typeof description !== "string") throw new Error(`in setRelaunchData: Description of "${command}" must be a string`);
      if (description.length > RELAUNCH_DESCRIPTION_LIMIT) {
        throw new Error(`in setRelaunchData: Description of "${command}" exceeds ${RELAUNCH_DESCRIPTION_LIMIT} characters`);
      }
    }
    data.relaunchData = { ...relaunchData };
  }

  getRelaunchData(): { [command: string]: string } {
    return { ...this.live().relaunchData };
  }

  /** @internal The state, after checking the node still exists (Figma throws for removed nodes). */
  live(): NodeData {
    if (this.data.removed) throw new Error(`The node with id "${this.id}" does not exist`);
    return this.data;
  }

  /** @internal A property's value: the component layer's for an instance layer that doesn't override it. */
  read<K extends keyof NodeData>(field: K): NodeData[K] {
    const data = this.live();
    const source = this.sourceFor(field);
    return source ? source.read(field) : data[field];
  }

  /** @internal Sets a property; on an instance or its layers that is an override. */
  write<K extends keyof NodeData>(field: K, value: NodeData[K]): void {
    const data = this.live();
    data[field] = value;
    if (data.sourceId === null || !INHERITED.has(field) || data.overrides.includes(field)) return;
    // An instance's own place and size are not overrides; renaming it is.
    if (data.sourceId === data.mainComponentId && INSTANCE_OWN.has(field) && field !== "name") return;
    data.overrides = [...data.overrides, field];
  }

  /** @internal The node this one reads `field` from, or null when it has its own value. */
  sourceFor(field: keyof NodeData): FakeBaseNode | null {
    const data = this.data;
    if (data.sourceId === null || !INHERITED.has(field) || data.overrides.includes(field)) return null;
    if (data.sourceId === data.mainComponentId && INSTANCE_OWN.has(field)) return null;
    return this.store.find(data.sourceId);
  }

  /** @internal Whether an ancestor is an instance. */
  isInsideInstance(): boolean {
    for (let node = this.parent; node; node = node.parent) if (node.type === "INSTANCE") return true;
    return false;
  }

  /** @internal Whether this node or an ancestor is an instance. */
  isInstanceOrInside(): boolean {
    return this.type === "INSTANCE" || this.isInsideInstance();
  }
}

/** A node that can hold children: the document, pages, frames, components, instances, sections and groups. */
export type FakeContainerNode = FakeDocumentNode | FakePageNode | FakeContainerLikeNode | FakeGroupNode;

/** Children, appendChild and insertChild, shared by every container. */
function childrenOf(node: FakeBaseNode): FakeSceneNode[] {
  requireLoaded(node, "children");
  return node.live().childIds.map((id) => node.store.get(id) as FakeSceneNode);
}

function requireLoaded(node: FakeBaseNode, what: string): void {
  if (
    node.type === "PAGE" &&
    node.store.env.documentAccess === "dynamic-page" &&
    !node.data.loaded &&
    node.store.env.currentPage() !== node
  ) {
    throw new Error(`in ${what}: Call \`await page.loadAsync()\` before accessing the children of page "${node.data.name}"`);
  }
}

/** Moves `child` under `parent` at `index` (the end when undefined), with Figma's reparenting rules. */
function insertNode(parent: FakeBaseNode, child: FakeBaseNode, index: number | undefined, method: string): void {
  parent.live();
  if (!(child instanceof FakeBaseNode)) throw new Error(`in ${method}: Expected a node`);
  child.live();
  requireLoaded(parent, method);
  if (parent.type === "DOCUMENT" ? child.type !== "PAGE" : child.type === "PAGE" || child.type === "DOCUMENT") {
    throw new Error(`in ${method}: A ${parent.type} node can't hold a ${child.type} node`);
  }
  for (let ancestor: FakeBaseNode | null = parent; ancestor; ancestor = ancestor.parent) {
    if (ancestor === child) throw new Error(`in ${method}: Cannot move a node into itself or its descendants`);
  }
  if (parent.isInstanceOrInside()) {
    throw new Error(`in ${method}: Cannot move node. New parent is an instance or is inside of an instance`);
  }
  if (child.isInsideInstance() && child.parent !== parent) {
    throw new Error(`in ${method}: Cannot move node. The node is inside of an instance`);
  }
  const childIds = parent.data.childIds.filter((id) => id !== child.id);
  const position = index === undefined ? childIds.length : index;
  if (!Number.isInteger(position) || position < 0 || position > childIds.length) {
    throw new Error(`in ${method}: Index ${String(index)} is out of range 0…${childIds.length}`);
  }
  if (child.parent !== parent) detach(child);
  childIds.splice(position, 0, child.id);
  parent.data.childIds = childIds;
  child.data.parentId = parent.id;
  syncMirrors(parent);
}

/** Takes a node out of its parent; a group left empty removes itself, as in Figma. */
function detach(node: FakeBaseNode): void {
  const parent = node.parent;
  if (!parent) return;
  parent.data.childIds = parent.data.childIds.filter((id) => id !== node.id);
  node.data.parentId = null;
  syncMirrors(parent);
  if (parent.type === "GROUP" && parent.data.childIds.length === 0) {
    detach(parent);
    markRemoved(parent);
  }
}

/** The id of the layer of instance `instanceId` that mirrors `sourceId`, as Figma forms it. */
function mirrorId(instanceId: string, sourceId: string): string {
  return `I${instanceId};${sourceId.replace(/^I/, "")}`;
}

/** The id of the instance a mirroring node belongs to (the node itself for an instance). */
function instanceIdOf(node: FakeBaseNode): string {
  return node.id.startsWith("I") ? node.id.slice(1, node.id.indexOf(";")) : node.id;
}

/** Makes the layer of instance `instanceId` that mirrors `source`, with layers mirroring its layers. */
function mirrorTree(source: FakeBaseNode, instanceId: string): FakeBaseNode {
  const store = source.store;
  const data = copyData(source.data);
  const mirror = instantiate(store, source.type, mirrorId(instanceId, source.id), {
    ...data,
    parentId: null,
    childIds: [],
    pluginData: {},
    sharedPluginData: {},
    relaunchData: {},
    sourceId: source.id,
    overrides: [],
  });
  for (const id of source.data.childIds) {
    const child = mirrorTree(store.get(id), instanceId);
    mirror.data.childIds.push(child.id);
    child.data.parentId = mirror.id;
  }
  return mirror;
}

/** After `node` gained or lost layers: every instance layer that mirrors it follows, keeping its overrides. */
function syncMirrors(node: FakeBaseNode): void {
  const store = node.store;
  for (const mirror of store.mirrorsOf(node.id)) {
    const instanceId = instanceIdOf(mirror);
    const wanted = node.data.childIds.map((id) => mirrorId(instanceId, id));
    for (const id of mirror.data.childIds) if (!wanted.includes(id)) markRemoved(store.get(id));
    mirror.data.childIds = node.data.childIds.map((sourceId, index) => {
      const existing = store.find(wanted[index]!);
      if (existing && existing.data.parentId === mirror.id) return existing.id;
      const created = mirrorTree(store.get(sourceId), instanceId);
      created.data.parentId = mirror.id;
      return created.id;
    });
    syncMirrors(mirror);
  }
}

function markRemoved(node: FakeBaseNode): void {
  for (const id of node.data.childIds) markRemoved(node.store.get(id));
  node.data.removed = true;
}

/** The absolute position of the origin that a child of `container` measures its x/y from. */
function childOrigin(container: FakeBaseNode | null): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let node = container; node; node = node.parent) {
    if (COORDINATE_SPACES.has(node.type)) {
      x += (node as FakeSceneNode).x;
      y += (node as FakeSceneNode).y;
    }
  }
  return { x, y };
}

/** The place auto layout gives a child that is in its flow, or null when the child places itself. */
function flowPosition(node: FakeSceneNode): { x: number; y: number } | null {
  const parent = node.parent;
  if (!(parent instanceof FakeFrameLikeNode) || node.read("layoutPositioning") === "ABSOLUTE") return null;
  const mode = parent.read("layoutMode");
  if (mode !== "HORIZONTAL" && mode !== "VERTICAL") return null;
  let offset = 0;
  for (const sibling of parent.children) {
    if (sibling === node) break;
    if (sibling.read("layoutPositioning") === "ABSOLUTE") continue;
    offset += (mode === "HORIZONTAL" ? sibling.width : sibling.height) + parent.read("itemSpacing");
  }
  return mode === "HORIZONTAL" ? { x: offset, y: 0 } : { x: 0, y: offset };
}

/** The axis-aligned box around a `width` × `height` box at (x, y) turned `rotation` degrees about its top-left. */
function rotatedBox(x: number, y: number, width: number, height: number, rotation: number): Rect {
  if (rotation === 0) return { x, y, width, height };
  const radians = (rotation * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  // relativeTransform [[cos, sin, x], [-sin, cos, y]]: rotation = atan2(-m10, m00) (plugin-api.d.ts:7414).
  const corners = [[0, 0], [width, 0], [0, height], [width, height]].map(([u, v]) => [x + u! * cos + v! * sin, y - u! * sin + v! * cos]);
  const xs = corners.map((corner) => corner[0]!);
  const ys = corners.map((corner) => corner[1]!);
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const left = round(Math.min(...xs));
  const top = round(Math.min(...ys));
  return { x: left, y: top, width: round(Math.max(...xs)) - left, height: round(Math.max(...ys)) - top };
}

/** Layers on a page: position, size, visibility, bounding box, clone. */
export abstract class FakeSceneNode
  extends FakeBaseNode
  implements
    Pick<
      SceneNodeMixin & LayoutMixin & MinimalBlendMixin,
      "visible" | "opacity" | "locked" | "x" | "y" | "width" | "height" | "resize" | "absoluteBoundingBox" | "layoutPositioning" | "rotation"
    >
{
  declare abstract readonly type: FakeSceneType;

  get visible(): boolean {
    return this.read("visible");
  }

  set visible(value: boolean) {
    this.write("visible", Boolean(value));
  }

  /** The layer's opacity, 0 to 1 (plugin-api.d.ts:9494-9498). */
  get opacity(): number {
    return this.read("opacity");
  }

  set opacity(value: number) {
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new Error("in set_opacity: Expected a number from 0 to 1");
    this.write("opacity", value);
  }

  get locked(): boolean {
    return this.live().locked;
  }

  set locked(value: boolean) {
    this.live().locked = Boolean(value);
  }

  /** In an auto-layout flow, the place the layout gives it (plugin-api.d.ts:7380-7382). */
  get x(): number {
    return flowPosition(this)?.x ?? this.read("x");
  }

  /** Ignored for a child in an auto-layout flow: the layout places it (plugin-api.d.ts:7380-7382). */
  set x(value: number) {
    const x = finite(value, "x");
    if (!flowPosition(this)) this.write("x", x);
  }

  get y(): number {
    return flowPosition(this)?.y ?? this.read("y");
  }

  set y(value: number) {
    const y = finite(value, "y");
    if (!flowPosition(this)) this.write("y", y);
  }

  get width(): number {
    return this.read("width");
  }

  get height(): number {
    return this.read("height");
  }

  resize(width: number, height: number): void {
    const w = atLeast(width, "width");
    const h = atLeast(height, "height");
    this.write("width", w);
    this.write("height", h);
  }

  /** Degrees, about the top-left corner (plugin-api.d.ts:7414); -180 to 180. */
  get rotation(): number {
    return this.read("rotation");
  }

  set rotation(value: number) {
    const degrees = finite(value, "rotation") % 360;
    this.write("rotation", degrees > 180 ? degrees - 360 : degrees <= -180 ? degrees + 360 : degrees);
  }

  /** The box on the page around the layer, rotation included (plugin-api.d.ts:7386-7390). */
  get absoluteBoundingBox(): Rect {
    this.live();
    const origin = childOrigin(this.parent);
    return rotatedBox(origin.x + this.x, origin.y + this.y, this.width, this.height, this.rotation);
  }

  get layoutPositioning(): "AUTO" | "ABSOLUTE" {
    return this.read("layoutPositioning");
  }

  /** "ABSOLUTE" takes the child out of its auto-layout parent's flow (plugin-api.d.ts:8549-8580). */
  set layoutPositioning(value: "AUTO" | "ABSOLUTE") {
    this.live();
    if (value !== "AUTO" && value !== "ABSOLUTE") throw new Error("in set_layoutPositioning: Expected AUTO or ABSOLUTE");
    const parent = this.parent;
    const autoLayoutParent = parent instanceof FakeFrameLikeNode && parent.read("layoutMode") !== "NONE";
    if (value === "ABSOLUTE" && !autoLayoutParent) {
      throw new Error("in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE if the parent node has layoutMode !== NONE");
    }
    const place = flowPosition(this);
    this.write("layoutPositioning", value);
    if (place && value === "ABSOLUTE") {
      // Leaving the flow keeps the layer where the layout had put it (plugin-api.d.ts:8553).
      this.write("x", place.x);
      this.write("y", place.y);
    }
  }

  /**
   * The layer and its children as PNG bytes (ExportMixin.exportAsync, plugin-api.d.ts:9127; PNG at 1× by default,
   * plugin-api.d.ts:9047; SCALE, WIDTH or HEIGHT constraints, plugin-api.d.ts:5123-5126). See export-png.ts for
   * what is drawn.
   */
  async exportAsync(settings?: ExportSettings): Promise<Uint8Array> {
    this.live();
    return exportPng(this as unknown as Parameters<typeof exportPng>[0], settings);
  }

  /**
   * A deep copy with new ids, plugin data and relaunch data included, parented under `figma.currentPage`. A copy of
   * an instance is an instance of the same component with the same overrides (InstanceNode.clone in Figma's docs).
   */
  clone(): this {
    this.live();
    const copy = cloneTree(this, this.store);
    insertNode(this.store.env.currentPage(), copy, undefined, "clone");
    return copy as unknown as this;
  }
}

/** A node's state with what it reads from its component layer written in, for a copy that stands on its own. */
function resolvedData(node: FakeBaseNode): NodeData {
  const data = copyData(node.data);
  for (const field of INHERITED) (data as unknown as Record<string, unknown>)[field] = node.read(field);
  return { ...data, sourceId: null, overrides: [] };
}

function cloneTree(node: FakeBaseNode, store: NodeStore, overrides: Partial<NodeData> = {}, type = node.type): FakeBaseNode {
  const isInstance = node.type === "INSTANCE" && node.data.sourceId !== null && node.data.sourceId === node.data.mainComponentId;
  const data = isInstance ? copyData(node.data) : resolvedData(node);
  const copy = instantiate(store, type, store.newId(1), { ...data, parentId: null, childIds: [], ...overrides });
  for (const id of node.data.childIds) {
    const child = isInstance ? cloneMirror(store.get(id), copy.id) : cloneTree(store.get(id), store);
    copy.data.childIds.push(child.id);
    child.data.parentId = copy.id;
  }
  return copy;
}

/** Copies an instance layer into the copy `instanceId` of its instance, overrides included. */
function cloneMirror(node: FakeBaseNode, instanceId: string): FakeBaseNode {
  const copy = instantiate(node.store, node.type, mirrorId(instanceId, node.data.sourceId ?? node.id), {
    ...copyData(node.data),
    parentId: null,
    childIds: [],
  });
  for (const id of node.data.childIds) {
    const child = cloneMirror(node.store.get(id), instanceId);
    copy.data.childIds.push(child.id);
    child.data.parentId = copy.id;
  }
  return copy;
}

/** What takes fills: shapes, text, frames, components, instances and sections. */
export abstract class FakeFilledNode<T extends ShapeType | FrameLikeType | "TEXT">
  extends FakeSceneNode
  implements Pick<MinimalFillsMixin, "fills" | "fillStyleId" | "setFillStyleIdAsync">
{
  constructor(
    store: NodeStore,
    id: string,
    readonly type: T,
    data: NodeData,
  ) {
    super(store, id, data);
  }

  get fills(): ReadonlyArray<Paint> {
    return this.read("fills");
  }

  /** Replaces the paints and unlinks a paint style (as the editor does; the docs don't say). */
  set fills(paints: ReadonlyArray<Paint>) {
    this.live();
    this.write("fills", normalizePaints(paints, (hash) => this.store.env.imageExists(hash)));
    if (this.read("fillStyleId") !== "") this.write("fillStyleId", "");
  }

  /** The linked PaintStyle's id, or "" (plugin-api.d.ts:8804-8812). */
  get fillStyleId(): string {
    return this.read("fillStyleId");
  }

  /** Read-only under documentAccess "dynamic-page": use setFillStyleIdAsync (plugin-api.d.ts:8806). */
  set fillStyleId(styleId: string) {
    this.live();
    if (this.store.env.documentAccess === "dynamic-page") {
      throw new Error("in set_fillStyleId: Cannot call with documentAccess: dynamic-page. Use node.setFillStyleIdAsync instead.");
    }
    this.#linkStyle(styleId, "set_fillStyleId");
  }

  /** Links the fills to a paint style (they take its paints); "" unlinks and keeps the paints (plugin-api.d.ts:8816). */
  async setFillStyleIdAsync(styleId: string): Promise<void> {
    this.live();
    this.#linkStyle(styleId, "setFillStyleIdAsync");
  }

  #linkStyle(styleId: string, method: string): void {
    if (typeof styleId !== "string") throw new Error(`in ${method}: Expected a string`);
    if (styleId === "") {
      this.write("fillStyleId", "");
      return;
    }
    const style = this.store.env.paintStyle(styleId);
    if (!style) throw new Error(`in ${method}: Invalid style id ${styleId}`);
    this.write("fills", style.paints);
    this.write("fillStyleId", style.id);
  }
}

/** Rectangles, ellipses, polygons, stars, vectors and lines: fills and geometry, no children. */
export class FakeShapeNode<T extends ShapeType = ShapeType> extends FakeFilledNode<T> {}

/** A text layer: fills (for the glyphs) and characters. */
export class FakeTextNode extends FakeFilledNode<"TEXT"> implements Pick<TextNode, "characters"> {
  get characters(): string {
    return this.read("characters");
  }

  set characters(value: string) {
    const renamed = this.name === "Text" || this.name === this.characters;
    this.write("characters", String(value));
    if (renamed) this.name = this.characters;
  }
}

/** Frames, components, instances and sections: fills and children. */
export abstract class FakeContainerLikeNode<T extends FrameLikeType = FrameLikeType> extends FakeFilledNode<T> {
  get children(): FakeSceneNode[] {
    return childrenOf(this);
  }

  appendChild(child: FakeSceneNode): void {
    insertNode(this, child, undefined, "appendChild");
  }

  insertChild(index: number, child: FakeSceneNode): void {
    insertNode(this, child, index, "insertChild");
  }
}

type FrameType = "FRAME" | "COMPONENT" | "COMPONENT_SET" | "INSTANCE";

/** Frames, components, component sets and instances: auto layout and clipping. */
export class FakeFrameLikeNode<T extends FrameType = FrameType> extends FakeContainerLikeNode<T> {
  get layoutMode(): LayoutMode {
    return this.read("layoutMode");
  }

  set layoutMode(value: LayoutMode) {
    if (!["NONE", "HORIZONTAL", "VERTICAL", "GRID"].includes(value)) throw new Error("in set_layoutMode: Invalid value");
    this.write("layoutMode", value);
  }

  /** Space between the children of an auto-layout frame. */
  get itemSpacing(): number {
    return this.read("itemSpacing");
  }

  set itemSpacing(value: number) {
    this.write("itemSpacing", finite(value, "itemSpacing"));
  }

  /** Whether layers inside are hidden outside the frame's bounds (plugin-api.d.ts:9472). */
  get clipsContent(): boolean {
    return this.read("clipsContent");
  }

  set clipsContent(value: boolean) {
    this.write("clipsContent", Boolean(value));
  }
}

/**
 * A section: children relative to it, no auto layout, no clipping; resizing it leaves its children where they are
 * (plugin-api.d.ts:12314-12350).
 */
export class FakeSectionNode extends FakeContainerLikeNode<"SECTION"> {
  resizeWithoutConstraints(width: number, height: number): void {
    this.resize(width, height);
  }
}

/**
 * A component set: the frame holding a component's variants, made by `figma.combineAsVariants` (there is no
 * createComponentSet, "empty component sets are not supported", plugin-api.d.ts:1835-1857). Its children are the
 * variants, each a component of its own; its children's x/y are relative to it (it is a frame, BaseFrameMixin,
 * plugin-api.d.ts:11175). It is not a layer Framefill fills.
 */
export class FakeComponentSetNode extends FakeFrameLikeNode<"COMPONENT_SET"> {}

/** A component: a frame that can make instances of itself. */
export class FakeComponentNode extends FakeFrameLikeNode<"COMPONENT"> {
  /** A new instance on the current page with copies of the component's layers. */
  /** A new instance on the current page whose layers mirror the component's. */
  createInstance(): FakeInstanceNode {
    this.live();
    const instance = new FakeInstanceNode(this.store, this.store.newId(1), "INSTANCE", {
      ...copyData(this.data),
      parentId: null,
      childIds: [],
      pluginData: {},
      sharedPluginData: {},
      relaunchData: {},
      mainComponentId: this.id,
      sourceId: this.id,
      overrides: [],
    });
    for (const id of this.data.childIds) {
      const child = mirrorTree(this.store.get(id), instance.id);
      instance.data.childIds.push(child.id);
      child.data.parentId = instance.id;
    }
    insertNode(this.store.env.currentPage(), instance, undefined, "createInstance");
    return instance;
  }

  /** The instances of this component in the document (getInstancesAsync in Figma's docs). */
  async getInstancesAsync(): Promise<FakeInstanceNode[]> {
    this.live();
    return this.store.mirrorsOf(this.id).filter((node): node is FakeInstanceNode => node instanceof FakeInstanceNode);
  }
}

/** An instance of a component; its layers can't be moved or removed and it takes no new children. */
export class FakeInstanceNode extends FakeFrameLikeNode<"INSTANCE"> {
  async getMainComponentAsync(): Promise<FakeComponentNode | null> {
    const id = this.live().mainComponentId;
    return id === null ? null : (this.store.find(id) as FakeComponentNode | null);
  }

  /** The properties this instance and its layers set themselves (plugin-api.d.ts:11301-11306). */
  get overrides(): { id: string; overriddenFields: NodeChangeProperty[] }[] {
    const found: { id: string; overriddenFields: NodeChangeProperty[] }[] = [];
    const visit = (node: FakeBaseNode) => {
      if (node.data.overrides.length > 0) found.push({ id: node.id, overriddenFields: [...node.data.overrides] as NodeChangeProperty[] });
      for (const id of node.data.childIds) visit(node.store.get(id));
    };
    this.live();
    visit(this);
    return found;
  }
}

/** A group: no fills, no coordinate system of its own; its bounds are its children's. */
export class FakeGroupNode extends FakeSceneNode {
  readonly type = "GROUP" as const;

  get children(): FakeSceneNode[] {
    return childrenOf(this);
  }

  appendChild(child: FakeSceneNode): void {
    insertNode(this, child, undefined, "appendChild");
  }

  insertChild(index: number, child: FakeSceneNode): void {
    insertNode(this, child, index, "insertChild");
  }

  override get x(): number {
    return this.#bounds().x;
  }

  override set x(value: number) {
    const dx = finite(value, "x") - this.#bounds().x;
    for (const child of this.children) child.x += dx;
  }

  override get y(): number {
    return this.#bounds().y;
  }

  override set y(value: number) {
    const dy = finite(value, "y") - this.#bounds().y;
    for (const child of this.children) child.y += dy;
  }

  override get width(): number {
    return this.#bounds().width;
  }

  override get height(): number {
    return this.#bounds().height;
  }

  /** Scales the children about the group's top-left corner, as resizing a group in the editor does. */
  override resize(width: number, height: number): void {
    const bounds = this.#bounds();
    const sx = atLeast(width, "width") / bounds.width;
    const sy = atLeast(height, "height") / bounds.height;
    for (const child of this.children) {
      child.x = bounds.x + (child.x - bounds.x) * sx;
      child.y = bounds.y + (child.y - bounds.y) * sy;
      child.resize(child.width * sx, child.height * sy);
    }
  }

  #bounds(): Rect {
    const children = this.children;
    const left = Math.min(...children.map((child) => child.x));
    const top = Math.min(...children.map((child) => child.y));
    const right = Math.max(...children.map((child) => child.x + child.width));
    const bottom = Math.max(...children.map((child) => child.y + child.height));
    return { x: left, y: top, width: right - left, height: bottom - top };
  }
}

/** A page: children, the selection, and its "nodechange" listeners. */
export class FakePageNode extends FakeBaseNode implements Pick<PageNode, "type" | "loadAsync" | "on" | "once" | "off"> {
  readonly type = "PAGE" as const;
  #selection: string[] = [];
  #nodeChangeListeners: { callback: (event: NodeChangeEvent) => void; once: boolean }[] = [];

  /**
   * "nodechange": "emitted when a node on the page is added, removed, or updated" (plugin-api.d.ts:10721–10753), with
   * CREATE, DELETE and PROPERTY_CHANGE entries. The fake emits it for what `triggerUndo` changes (the designer's ⌘Z,
   * origin "LOCAL"); it does not report the plugin's own writes, which Figma also does.
   */
  on(type: "nodechange", callback: (event: NodeChangeEvent) => void): void {
    this.#listen(type, callback, false);
  }

  once(type: "nodechange", callback: (event: NodeChangeEvent) => void): void {
    this.#listen(type, callback, true);
  }

  off(type: "nodechange", callback: (event: NodeChangeEvent) => void): void {
    this.#listen(type, callback, false, true);
  }

  /** @internal Calls this page's "nodechange" listeners with one event. */
  emitNodeChanges(nodeChanges: NodeChange[]): void {
    const listeners = this.#nodeChangeListeners;
    this.#nodeChangeListeners = listeners.filter((listener) => !listener.once);
    for (const listener of listeners) listener.callback({ nodeChanges });
  }

  #listen(type: string, callback: (event: NodeChangeEvent) => void, once: boolean, remove = false): void {
    if (type !== "nodechange") throw new Error(`in ${remove ? "off" : once ? "once" : "on"}: Unsupported page event "${type}"`);
    if (remove) this.#nodeChangeListeners = this.#nodeChangeListeners.filter((listener) => listener.callback !== callback);
    else this.#nodeChangeListeners.push({ callback, once });
  }

  get children(): FakeSceneNode[] {
    return childrenOf(this);
  }

  appendChild(child: FakeSceneNode): void {
    insertNode(this, child, undefined, "appendChild");
  }

  insertChild(index: number, child: FakeSceneNode): void {
    insertNode(this, child, index, "insertChild");
  }

  /** The selected layers still in the document (removing a layer deselects it, as in Figma). */
  get selection(): ReadonlyArray<FakeSceneNode> {
    this.live();
    return Object.freeze(
      this.#selection
        .map((id) => this.store.find(id))
        .filter((node): node is FakeSceneNode => node instanceof FakeSceneNode && pageOf(node) === this),
    );
  }

  /** Replaces the selection; every node must be a layer on this page. Fires `selectionchange` for the current page. */
  set selection(nodes: ReadonlyArray<FakeSceneNode>) {
    this.live();
    if (!Array.isArray(nodes)) throw new Error("in set_selection: Expected an array of nodes");
    const ids: string[] = [];
    for (const node of nodes as FakeSceneNode[]) {
      if (!(node instanceof FakeSceneNode) || node.removed) throw new Error("in set_selection: Expected an array of existing layers");
      if (pageOf(node) !== this) throw new Error(`in set_selection: Node ${node.id} is not on page "${this.data.name}"`);
      if (!ids.includes(node.id)) ids.push(node.id);
    }
    const changed = ids.join() !== this.#selection.join();
    this.#selection = ids;
    if (changed) this.store.env.selectionChanged(this);
  }

  async loadAsync(): Promise<void> {
    this.live().loaded = true;
  }

  /** All descendants that match, depth first. */
  findAll(callback: (node: FakeSceneNode) => boolean = () => true): FakeSceneNode[] {
    const found: FakeSceneNode[] = [];
    const visit = (node: FakeBaseNode) => {
      for (const id of node.data.childIds) {
        const child = this.store.get(id) as FakeSceneNode;
        if (callback(child)) found.push(child);
        visit(child);
      }
    };
    requireLoaded(this, "findAll");
    visit(this);
    return found;
  }
}

/** The document root, `figma.root`: its children are the pages. */
export class FakeDocumentNode extends FakeBaseNode implements Pick<DocumentNode, "type"> {
  readonly type = "DOCUMENT" as const;

  get children(): FakePageNode[] {
    return this.live().childIds.map((id) => this.store.get(id) as FakePageNode);
  }

  appendChild(page: FakePageNode): void {
    insertNode(this, page, undefined, "appendChild");
  }
}

/**
 * Test helper (not Figma API): the part of a layer's box that shows on the canvas, after every ancestor that clips
 * its content (`clipsContent`, plugin-api.d.ts:9472) cut it; null when nothing of it shows or it is hidden.
 */
export function visibleBox(node: FakeSceneNode): Rect | null {
  let box: Rect | null = node.visible ? node.absoluteBoundingBox : null;
  for (let ancestor = node.parent; ancestor && box; ancestor = ancestor.parent) {
    if (!(ancestor instanceof FakeSceneNode)) break;
    if (!ancestor.visible) return null;
    if (ancestor instanceof FakeFrameLikeNode && ancestor.clipsContent) box = intersect(box, ancestor.absoluteBoundingBox);
  }
  return box;
}

function intersect(a: Rect, b: Rect): Rect | null {
  const left = Math.max(a.x, b.x);
  const top = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

/** The page a node is on, or null when it is not in the document. */
export function pageOf(node: FakeBaseNode): FakePageNode | null {
  for (let current: FakeBaseNode | null = node; current; current = current.parent) {
    if (current instanceof FakePageNode) return current;
  }
  return null;
}

/** Makes `figma.group(nodes, parent, index)`: the nodes keep their place on the page. */
export function groupNodes(store: NodeStore, nodes: ReadonlyArray<FakeSceneNode>, parent: FakeContainerNode, index?: number): FakeGroupNode {
  if (!Array.isArray(nodes) || nodes.length === 0) throw new Error("in group: First argument must be an array of at least one node");
  if (parent instanceof FakeDocumentNode) throw new Error("in group: A group can't be a child of the document");
  const positions = nodes.map((node) => {
    node.live();
    if (node.isInsideInstance()) throw new Error("in group: Cannot move node. The node is inside of an instance");
    return node.absoluteBoundingBox;
  });
  const group = new FakeGroupNode(store, store.newId(1), newNodeData({ name: "Group" }));
  insertNode(parent, group, index, "group");
  const origin = childOrigin(group);
  nodes.forEach((node, i) => {
    insertNode(group, node, undefined, "group");
    node.data.x = positions[i]!.x - origin.x;
    node.data.y = positions[i]!.y - origin.y;
  });
  return group;
}

/**
 * Makes `figma.combineAsVariants(nodes, parent, index)` (plugin-api.d.ts:1835-1857): a component set under `parent` at
 * `index` (the end when undefined) holding the components, which must be a non-empty list of components only. How
 * Figma lays the variants out is not documented; the fake keeps each where it was on the page and fits the set around
 * them, as `figma.group` does.
 */
export function combineNodesAsVariants(
  store: NodeStore,
  nodes: ReadonlyArray<FakeSceneNode>,
  parent: FakeContainerNode,
  index?: number,
): FakeComponentSetNode {
  if (!Array.isArray(nodes) || nodes.length === 0) throw new Error("in combineAsVariants: Expected a non-empty array of components");
  if (parent instanceof FakeDocumentNode) throw new Error("in combineAsVariants: A component set can't be a child of the document");
  const positions = nodes.map((node) => {
    node.live();
    if (!(node instanceof FakeComponentNode)) throw new Error("in combineAsVariants: Expected only component nodes");
    return node.absoluteBoundingBox;
  });
  const left = Math.min(...positions.map((box) => box.x));
  const top = Math.min(...positions.map((box) => box.y));
  const right = Math.max(...positions.map((box) => box.x + box.width));
  const bottom = Math.max(...positions.map((box) => box.y + box.height));
  const parentOrigin = childOrigin(parent);
  const set = new FakeComponentSetNode(
    store,
    store.newId(1),
    "COMPONENT_SET",
    newNodeData({ name: nodes[0]!.name, x: left - parentOrigin.x, y: top - parentOrigin.y, width: right - left, height: bottom - top }),
  );
  insertNode(parent, set, index, "combineAsVariants");
  nodes.forEach((node, i) => {
    insertNode(set, node, undefined, "combineAsVariants");
    node.data.x = positions[i]!.x - left;
    node.data.y = positions[i]!.y - top;
  });
  return set;
}

/** Makes the node object for a type (used for creation, cloning and instances). */
export function instantiate(store: NodeStore, type: FakeNodeType, id: string, data: NodeData): FakeBaseNode {
  switch (type) {
    case "DOCUMENT":
      return new FakeDocumentNode(store, id, data);
    case "PAGE":
      return new FakePageNode(store, id, data);
    case "GROUP":
      return new FakeGroupNode(store, id, data);
    case "TEXT":
      return new FakeTextNode(store, id, "TEXT", data);
    case "COMPONENT":
      return new FakeComponentNode(store, id, "COMPONENT", data);
    case "COMPONENT_SET":
      return new FakeComponentSetNode(store, id, "COMPONENT_SET", data);
    case "INSTANCE":
      return new FakeInstanceNode(store, id, "INSTANCE", data);
    case "FRAME":
      return new FakeFrameLikeNode(store, id, type, data);
    case "SECTION":
      return new FakeSectionNode(store, id, type, data);
    default:
      return new FakeShapeNode(store, id, type, data);
  }
}

function checkNamespace(namespace: unknown, method: string): string {
  if (typeof namespace !== "string" || !NAMESPACE.test(namespace)) {
    throw new Error(`in ${method}: The namespace must be at least 3 alphanumeric characters`);
  }
  return namespace;
}

/** Sets or (with "") removes one entry of plugin data; the entry's total size is at most 100 kB. */
function setEntry(
  records: Record<string, Record<string, string>>,
  owner: string,
  key: string,
  value: string,
  method: string,
): Record<string, Record<string, string>> {
  if (typeof value !== "string") throw new Error(`in ${method}: Expected value to be a string`);
  const size = utf8Length(owner) + utf8Length(key) + utf8Length(value);
  if (size > PLUGIN_DATA_LIMIT_BYTES) {
    throw new Error(`in ${method}: The entry is ${size} bytes; plugin data entries are limited to 100 kB`);
  }
  const entries = { ...records[owner] };
  if (value === "") delete entries[key];
  else entries[key] = value;
  return { ...records, [owner]: entries };
}

function checkKey(key: unknown, method: string): string {
  if (typeof key !== "string") throw new Error(`in ${method}: Expected key to be a string`);
  return key;
}

function finite(value: number, property: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`in set_${property}: Expected a finite number`);
  return value;
}

function atLeast(value: number, property: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0.01) {
    throw new Error(`in resize: Expected ${property} to be a number >= 0.01`);
  }
  return value;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
