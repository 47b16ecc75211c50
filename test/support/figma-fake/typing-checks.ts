/**
 * Compile-time checks that the fake's nodes keep matching @figma/plugin-typings: when a property the fake models
 * changes its type upstream, `tsc` fails here. (Members whose types mention real node types — parent, children,
 * clone — are the fake's own and are left out.)
 */
import type {
  FakeComponentNode,
  FakeComponentSetNode,
  FakeFrameLikeNode,
  FakeGroupNode,
  FakeInstanceNode,
  FakePageNode,
  FakeSectionNode,
  FakeShapeNode,
  FakeTextNode,
} from "./nodes.js";
import type { FakePaintStyle } from "./styles.js";
import type { FakeFigma } from "./figma-fake.js";

type Conforms<Fake, Real> = Fake extends Real ? true : false;
type Expect<T extends true> = T;

type Base =
  | "id"
  | "name"
  | "removed"
  | "remove"
  | "toString"
  | "getPluginData"
  | "setPluginData"
  | "getPluginDataKeys"
  | "getSharedPluginData"
  | "setSharedPluginData"
  | "getSharedPluginDataKeys"
  | "getRelaunchData"
  | "setRelaunchData";
type Geometry = "x" | "y" | "width" | "height" | "resize" | "absoluteBoundingBox" | "visible" | "locked" | "rotation";
type Shape = Base | Geometry | "type" | "fills" | "fillStyleId" | "setFillStyleIdAsync";
type Frame = Shape | "layoutMode" | "layoutPositioning" | "clipsContent" | "itemSpacing";

export type TypingChecks = [
  Expect<Conforms<FakeFrameLikeNode<"FRAME">, Pick<FrameNode, Frame>>>,
  Expect<Conforms<FakeComponentNode, Pick<ComponentNode, Frame>>>,
  Expect<Conforms<FakeComponentSetNode, Pick<ComponentSetNode, Frame>>>,
  Expect<Conforms<FakeInstanceNode, Pick<InstanceNode, Frame | "overrides">>>,
  Expect<Conforms<FakeSectionNode, Pick<SectionNode, Exclude<Shape, "rotation"> | "resizeWithoutConstraints">>>,
  Expect<Conforms<FakePaintStyle, Pick<PaintStyle, "id" | "type" | "name" | "paints">>>,
  Expect<Conforms<FakeShapeNode<"RECTANGLE">, Pick<RectangleNode, Shape>>>,
  Expect<Conforms<FakeShapeNode<"ELLIPSE">, Pick<EllipseNode, Shape>>>,
  Expect<Conforms<FakeShapeNode<"POLYGON">, Pick<PolygonNode, Shape>>>,
  Expect<Conforms<FakeShapeNode<"STAR">, Pick<StarNode, Shape>>>,
  Expect<Conforms<FakeShapeNode<"VECTOR">, Pick<VectorNode, Shape>>>,
  Expect<Conforms<FakeShapeNode<"LINE">, Pick<LineNode, Shape>>>,
  Expect<Conforms<FakeTextNode, Pick<TextNode, Base | Geometry | "type" | "characters">>>,
  Expect<Conforms<FakeGroupNode, Pick<GroupNode, Base | Geometry | "type">>>,
  Expect<Conforms<FakePageNode, Pick<PageNode, Base | "type" | "loadAsync">>>,
  Expect<Conforms<FakeFigma["viewport"], Pick<ViewportAPI, "center" | "zoom" | "bounds">>>,
  Expect<Conforms<FakeFigma["ui"], UIAPI>>,
  Expect<Conforms<FakeFigma["clientStorage"], ClientStorageAPI>>,
];
