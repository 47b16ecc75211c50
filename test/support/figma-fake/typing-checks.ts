/**
 * Compile-time checks that the fake's nodes keep matching @figma/plugin-typings: when a property the fake models
 * changes its type upstream, `tsc` fails here. (Members whose types mention real node types — parent, children,
 * clone — are the fake's own and are left out.)
 */
import type { FakeComponentNode, FakeFrameLikeNode, FakeGroupNode, FakeInstanceNode, FakePageNode, FakeShapeNode, FakeTextNode } from "./nodes.js";
import type { FakeFigma } from "./figma-fake.js";

type Conforms<Fake, Real> = Fake extends Real ? true : false;
type Expect<T extends true> = T;

type Base = "id" | "name" | "removed" | "remove" | "toString" | "getPluginData" | "setPluginData" | "getPluginDataKeys" | "getRelaunchData" | "setRelaunchData";
type Geometry = "x" | "y" | "width" | "height" | "resize" | "absoluteBoundingBox" | "visible" | "locked";
type Shape = Base | Geometry | "type" | "fills";

export type TypingChecks = [
  Expect<Conforms<FakeFrameLikeNode<"FRAME">, Pick<FrameNode, Shape | "layoutMode" | "layoutPositioning">>>,
  Expect<Conforms<FakeComponentNode, Pick<ComponentNode, Shape | "layoutMode">>>,
  Expect<Conforms<FakeInstanceNode, Pick<InstanceNode, Shape | "layoutMode">>>,
  Expect<Conforms<FakeFrameLikeNode<"SECTION">, Pick<SectionNode, Shape>>>,
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
