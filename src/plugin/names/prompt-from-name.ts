/**
 * The prompt "Prompt from layer names" gives a layer: its own name with the typed prompt appended as a shared style
 * ("Hero – mountain lake" + "editorial photo, soft light" → "Hero – mountain lake, editorial photo, soft light"), or
 * the typed prompt alone when the layer still has a default name ("Frame 7"). The name's spaces are tidied; "" when there is
 * neither a usable name nor a typed prompt.
 */
import { isDefaultLayerName } from "./is-default-layer-name.js";

export function promptFromName(layerName: string, style: string): string {
  const typed = style.trim();
  if (isDefaultLayerName(layerName)) return typed;
  const name = layerName.replace(/\s+/g, " ").trim();
  return typed === "" ? name : `${name}, ${typed}`;
}
