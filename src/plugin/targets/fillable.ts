/** The layers Framefill fills: everything that takes fills and has an area worth an image. */
export type FillableNode =
  | FrameNode
  | ComponentNode
  | InstanceNode
  | RectangleNode
  | EllipseNode
  | PolygonNode
  | StarNode
  | VectorNode
  | SectionNode;

const FILLABLE_TYPES: ReadonlyArray<string> = [
  "FRAME",
  "COMPONENT",
  "INSTANCE",
  "RECTANGLE",
  "ELLIPSE",
  "POLYGON",
  "STAR",
  "VECTOR",
  "SECTION",
];

/** Whether Framefill can put an image fill on this node. */
export function isFillable(node: BaseNode): node is FillableNode {
  return FILLABLE_TYPES.indexOf(node.type) !== -1;
}
