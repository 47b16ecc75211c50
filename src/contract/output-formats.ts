/** The image formats Bedrock can return, and the one Figma cannot take directly. */
export const OUTPUT_FORMATS = ["png", "jpeg", "webp"] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const DEFAULT_OUTPUT_FORMAT: OutputFormat = "png";

export const MIME_TYPES: Readonly<Record<OutputFormat, string>> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};
