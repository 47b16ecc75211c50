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
 */
import { normalizePaints } from "./paints.js";

export type ShapeType = "RECTANGLE" | "ELLIPSE" | "POLYGON" | "STAR" | "VECTOR" | "LINE";
export type FrameLikeType = "FRAME" | "COMPONENT" | "INSTANCE" | "SECTION";
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
  locked: boolean;
  fills: ReadonlyArray<Paint>;
  pluginData: Record<string, string>;
  relaunchData: Record<string, string>;
  parentId: string | null;
  childIds: string[];
  removed: boolean;
  layoutMode: LayoutMode;
  layoutPositioning: "AUTO" | "ABSOLUTE";
  characters: string;
  mainComponentId: string | null;
  loaded: boolean;
}

/** What the nodes need from the surrounding `figma` object. */
export interface DocumentEnvironment {
  readonly documentAccess: "dynamic-page" | "default";
  readonly pluginId: string;
  currentPage(): FakePageNode;
  imageExists(hash: string): boolean;
  selectionChanged(page: FakePageNode): void;
}

export type Snapshot = ReadonlyMap<string, NodeData>;

/** Total size Figma allows for one plugin data entry (plugin id, key and value). */
export const PLUGIN_DATA_LIMIT_BYTES = 100_000;
const RELAUNCH_DESCRIPTION_LIMIT = 1000;
/** Containers whose children's x/y are relative to them (a group is not one of them). */
const COORDINATE_SPACES = new Set<string>(["FRAME", "COMPONENT", "INSTANCE", "SECTION"]);

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
    pluginData: { ...data.pluginData },
    relaunchData: { ...data.relaunchData },
    childIds: [...data.childIds],
  };
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
    locked: false,
    fills: Object.freeze([]),
    pluginData: {},
    relaunchData: {},
    parentId: null,
    childIds: [],
    removed: false,
    layoutMode: "NONE",
    layoutPositioning: "AUTO",
    characters: "",
    mainComponentId: null,
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
    return this.live().name;
  }

  set name(value: string) {
    if (typeof value !== "string") throw new Error("in set_name: Expected a string");
    this.live().name = value;
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
    return this.live().pluginData[checkKey(key, "getPluginData")] ?? "";
  }

  setPluginData(key: string, value: string): void {
    const data = this.live();
    checkKey(key, "setPluginData");
    if (typeof value !== "string") throw new Error("in setPluginData: Expected value to be a string");
    const size = utf8Length(this.store.env.pluginId) + utf8Length(key) + utf8Length(value);
    if (size > PLUGIN_DATA_LIMIT_BYTES) {
      throw new Error(`in setPluginData: The entry is ${size} bytes; plugin data entries are limited to 100 kB`);
    }
    const pluginData = { ...data.pluginData };
    if (value === "") delete pluginData[key];
    else pluginData[key] = value;
    data.pluginData = pluginData;
  }

  getPluginDataKeys(): string[] {
    return Object.keys(this.live().pluginData);
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
export type FakeContainerNode = FakeDocumentNode | FakePageNode | FakeFrameLikeNode | FakeGroupNode;

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
}

/** Takes a node out of its parent; a group left empty removes itself, as in Figma. */
function detach(node: FakeBaseNode): void {
  const parent = node.parent;
  if (!parent) return;
  parent.data.childIds = parent.data.childIds.filter((id) => id !== node.id);
  node.data.parentId = null;
  if (parent.type === "GROUP" && parent.data.childIds.length === 0) {
    detach(parent);
    markRemoved(parent);
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
      x += node.data.x;
      y += node.data.y;
    }
  }
  return { x, y };
}

/** Layers on a page: position, size, visibility, bounding box, clone. */
export abstract class FakeSceneNode
  extends FakeBaseNode
  implements Pick<SceneNodeMixin & LayoutMixin, "visible" | "locked" | "x" | "y" | "width" | "height" | "resize" | "absoluteBoundingBox" | "layoutPositioning">
{
  declare abstract readonly type: FakeSceneType;

  get visible(): boolean {
    return this.live().visible;
  }

  set visible(value: boolean) {
    this.live().visible = Boolean(value);
  }

  get locked(): boolean {
    return this.live().locked;
  }

  set locked(value: boolean) {
    this.live().locked = Boolean(value);
  }

  get x(): number {
    return this.live().x;
  }

  set x(value: number) {
    this.live().x = finite(value, "x");
  }

  get y(): number {
    return this.live().y;
  }

  set y(value: number) {
    this.live().y = finite(value, "y");
  }

  get width(): number {
    return this.live().width;
  }

  get height(): number {
    return this.live().height;
  }

  resize(width: number, height: number): void {
    const data = this.live();
    data.width = atLeast(width, "width");
    data.height = atLeast(height, "height");
  }

  /** The box on the page (rotation is not modelled). */
  get absoluteBoundingBox(): Rect {
    this.live();
    const origin = childOrigin(this.parent);
    return { x: origin.x + this.x, y: origin.y + this.y, width: this.width, height: this.height };
  }

  get layoutPositioning(): "AUTO" | "ABSOLUTE" {
    return this.live().layoutPositioning;
  }

  set layoutPositioning(value: "AUTO" | "ABSOLUTE") {
    const data = this.live();
    if (value !== "AUTO" && value !== "ABSOLUTE") throw new Error("in set_layoutPositioning: Expected AUTO or ABSOLUTE");
    const parent = this.parent;
    const autoLayoutParent = parent instanceof FakeFrameLikeNode && parent.data.layoutMode !== "NONE";
    if (value === "ABSOLUTE" && !autoLayoutParent) {
      throw new Error("in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE if the parent node has layoutMode !== NONE");
    }
    data.layoutPositioning = value;
  }

  /** A deep copy with new ids, plugin data and relaunch data included, parented under `figma.currentPage`. */
  clone(): this {
    this.live();
    const copy = cloneTree(this, this.store);
    insertNode(this.store.env.currentPage(), copy, undefined, "clone");
    return copy as unknown as this;
  }
}

function cloneTree(node: FakeBaseNode, store: NodeStore, overrides: Partial<NodeData> = {}, type = node.type): FakeBaseNode {
  const data = copyData(node.data);
  const copy = instantiate(store, type, store.newId(1), { ...data, parentId: null, childIds: [], ...overrides });
  for (const id of node.data.childIds) {
    const child = cloneTree(store.get(id), store);
    copy.data.childIds.push(child.id);
    child.data.parentId = copy.id;
  }
  return copy;
}

/** What takes fills: shapes, text, frames, components, instances and sections. */
export abstract class FakeFilledNode<T extends ShapeType | FrameLikeType | "TEXT">
  extends FakeSceneNode
  implements Pick<MinimalFillsMixin, "fills">
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
    return this.live().fills;
  }

  set fills(paints: ReadonlyArray<Paint>) {
    const data = this.live();
    data.fills = normalizePaints(paints, (hash) => this.store.env.imageExists(hash));
  }
}

/** Rectangles, ellipses, polygons, stars, vectors and lines: fills and geometry, no children. */
export class FakeShapeNode<T extends ShapeType = ShapeType> extends FakeFilledNode<T> {}

/** A text layer: fills (for the glyphs) and characters. */
export class FakeTextNode extends FakeFilledNode<"TEXT"> implements Pick<TextNode, "characters"> {
  get characters(): string {
    return this.live().characters;
  }

  set characters(value: string) {
    const data = this.live();
    const renamed = data.name === "Text" || data.name === data.characters;
    data.characters = String(value);
    if (renamed) data.name = data.characters;
  }
}

/** Frames, components, instances and sections: fills and children; all but sections have auto layout. */
export class FakeFrameLikeNode<T extends FrameLikeType = FrameLikeType> extends FakeFilledNode<T> {
  get layoutMode(): LayoutMode {
    return this.live().layoutMode;
  }

  set layoutMode(value: LayoutMode) {
    if (this.type === "SECTION") throw new Error("in set_layoutMode: Sections have no auto layout");
    if (!["NONE", "HORIZONTAL", "VERTICAL", "GRID"].includes(value)) throw new Error("in set_layoutMode: Invalid value");
    this.live().layoutMode = value;
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
}

/** A component: a frame that can make instances of itself. */
export class FakeComponentNode extends FakeFrameLikeNode<"COMPONENT"> {
  /** A new instance on the current page with copies of the component's layers. */
  createInstance(): FakeInstanceNode {
    this.live();
    const instance = cloneTree(this, this.store, { mainComponentId: this.id, pluginData: {}, relaunchData: {} }, "INSTANCE");
    insertNode(this.store.env.currentPage(), instance, undefined, "createInstance");
    return instance as FakeInstanceNode;
  }
}

/** An instance of a component; its layers can't be moved or removed and it takes no new children. */
export class FakeInstanceNode extends FakeFrameLikeNode<"INSTANCE"> {
  async getMainComponentAsync(): Promise<FakeComponentNode | null> {
    const id = this.live().mainComponentId;
    return id === null ? null : (this.store.find(id) as FakeComponentNode | null);
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

/** A page: children and the selection. */
export class FakePageNode extends FakeBaseNode implements Pick<PageNode, "type" | "loadAsync"> {
  readonly type = "PAGE" as const;
  #selection: string[] = [];

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
    case "INSTANCE":
      return new FakeInstanceNode(store, id, "INSTANCE", data);
    case "FRAME":
    case "SECTION":
      return new FakeFrameLikeNode(store, id, type, data);
    default:
      return new FakeShapeNode(store, id, type, data);
  }
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
