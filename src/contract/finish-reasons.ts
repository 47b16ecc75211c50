/**
 * The `finish_reasons` values Bedrock's Stability models send for an image that did not come out. In a file of its
 * own (re-exported by text-to-image.ts) so the UI can import it without bundling the request schema's validator.
 */
export const FINISH_REASONS = {
  promptFiltered: "Filter reason: prompt",
  outputFiltered: "Filter reason: output image",
  /** Image edits: Bedrock's filter refused the image it was given. */
  inputFiltered: "Filter reason: input image",
  inferenceError: "Inference error",
} as const;
