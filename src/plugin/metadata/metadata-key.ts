/** The plugin data key under which a filled layer keeps its GenerationMetadata (as JSON). */
export const METADATA_KEY = "framefill";
