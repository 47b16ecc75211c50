/**
 * The request contract that the plugin, the UI and the proxy share: models and prices, aspect ratios and their
 * output sizes, output formats, Bedrock's limits and error types, the text-to-image body schema, and the image-edit
 * tools (their model ids, limits, output sizes, body schemas, and the sizing helpers the UI needs).
 *
 * @example
 * import { expandToFit, nearestAspectRatio, validateTextToImageRequest } from "../contract";
 * nearestAspectRatio(1920, 1080); // "16:9"
 * validateTextToImageRequest({ prompt: "" }); // { ok: false, message: "Malformed input request: #/prompt: ..." }
 * expandToFit({ imageWidth: 1024, imageHeight: 1024, targetWidth: 1440, targetHeight: 320 }); // left/right 1792: 4.5:1
 */
export * from "./aspect-ratios.js";
export * from "./errors.js";
export * from "./expand-to-fit.js";
export * from "./fit-within-tool-limits.js";
export * from "./image-edit-tools.js";
export * from "./image-edits.js";
export * from "./image-size.js";
export * from "./key-usage.js";
export * from "./limits.js";
export * from "./models.js";
export * from "./output-formats.js";
export * from "./prices.js";
export * from "./text-to-image.js";
