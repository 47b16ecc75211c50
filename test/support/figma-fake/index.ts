/**
 * A typed fake of the Figma Plugin API for tests of src/plugin, in Node or in a browser page.
 *
 * @example
 * import { createFigmaFake, createMemoryUiTransport } from "../support/figma-fake/index.js";
 * const ui = createMemoryUiTransport();
 * const figma = createFigmaFake({ ui });
 * const frame = figma.createFrame();
 * figma.currentPage.selection = [frame];
 * figma.commitUndo();           // the document so far is one undo step
 * // ... run the plugin, then:
 * figma.triggerUndo();          // reverts everything the plugin did since its last commitUndo
 */
export { CLIENT_STORAGE_QUOTA_BYTES, FakeClientStorage } from "./client-storage.js";
export { FakeUi } from "./fake-ui.js";
export {
  FakeFigma,
  type FigmaFakeOptions,
  type RecordedNotification,
  createFigmaFake,
  installFigmaFake,
} from "./figma-fake.js";
export { createIframeUiTransport, type IframeUiTransport, type IframeUiTransportOptions } from "./iframe-ui-transport.js";
export { MAX_IMAGE_SIDE, readImageHeader, type ImageHeader } from "./image-bytes.js";
export { FakeImage } from "./images.js";
export { createMemoryUiTransport, type MemoryUiTransport } from "./memory-ui-transport.js";
export {
  FakeBaseNode,
  FakeComponentNode,
  FakeComponentSetNode,
  FakeContainerLikeNode,
  type FakeContainerNode,
  FakeDocumentNode,
  FakeFilledNode,
  FakeFrameLikeNode,
  FakeGroupNode,
  FakeInstanceNode,
  FakePageNode,
  FakeSceneNode,
  FakeSectionNode,
  FakeShapeNode,
  FakeTextNode,
  PLUGIN_DATA_LIMIT_BYTES,
  pageOf,
  visibleBox,
} from "./nodes.js";
export { FakeParameters, type ParameterAnswer } from "./parameters.js";
export { FakePaintStyle } from "./styles.js";
export type { UiTransport } from "./ui-transport.js";
export { FakeViewport, type ViewportOptions } from "./viewport.js";
