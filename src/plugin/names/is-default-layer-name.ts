/**
 * Whether a layer's name is one Figma gave it (see DEFAULT_LAYER_NAMES): the name alone or followed by a number
 * ("Frame 12", "フレーム 3"), in any case, ignoring surrounding spaces. An empty name counts as default too.
 *
 * @example
 * isDefaultLayerName("Frame 7");              // true
 * isDefaultLayerName("Hero – mountain lake"); // false
 */
import { DEFAULT_LAYER_NAMES } from "./default-layer-names.js";

const NAMES = new Set<string>();
for (const language of Object.keys(DEFAULT_LAYER_NAMES)) for (const name of DEFAULT_LAYER_NAMES[language]!) NAMES.add(name.toLowerCase());

export function isDefaultLayerName(name: string): boolean {
  const base = name.trim().replace(/\s*\d+$/, "").toLowerCase();
  return base === "" || NAMES.has(base);
}
