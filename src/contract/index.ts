/**
 * The request contract that the plugin, the UI and the proxy share: models and prices, aspect ratios and their
 * output sizes, output formats, Bedrock's limits and error types, and the text-to-image body schema.
 *
 * @example
 * import { nearestAspectRatio, validateTextToImageRequest } from "../contract";
 * nearestAspectRatio(1920, 1080); // "16:9"
 * validateTextToImageRequest({ prompt: "" }); // { ok: false, message: "Malformed input request: #/prompt: ..." }
 */
export * from "./aspect-ratios.js";
export * from "./errors.js";
export * from "./key-usage.js";
export * from "./limits.js";
export * from "./models.js";
export * from "./output-formats.js";
export * from "./prices.js";
export * from "./text-to-image.js";
