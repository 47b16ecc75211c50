/**
 * The cost line beside each tool, before anything is paid: "3 edits · $0.21", at the price the proxy charges for the
 * tool's model (its `/healthz` prices; the contract's published price when it gave none).
 */
import { IMAGE_EDIT_MODEL_IDS, type ImageEditTool } from "../../contract/image-edit-tools.js";
import { formatUsd, priceMicroUsd } from "../../contract/prices.js";

export function describeEditCost(tool: ImageEditTool, images: number, prices: Readonly<Record<string, number>> = {}): string {
  const each = priceMicroUsd(IMAGE_EDIT_MODEL_IDS[tool], prices) ?? 0;
  return `${images === 1 ? "1 edit" : `${images} edits`} · ${formatUsd(each * images)}`;
}
