/**
 * The cost line beside each tool, before anything is paid: "3 edits · $0.21", from the contract's price of the tool's
 * model (the proxy charges the same table).
 */
import { IMAGE_EDIT_MODEL_IDS, type ImageEditTool } from "../../contract/image-edit-tools.js";
import { formatUsd, priceMicroUsd } from "../../contract/prices.js";

export function describeEditCost(tool: ImageEditTool, images: number): string {
  const each = priceMicroUsd(IMAGE_EDIT_MODEL_IDS[tool]) ?? 0;
  return `${images === 1 ? "1 edit" : `${images} edits`} · ${formatUsd(each * images)}`;
}
