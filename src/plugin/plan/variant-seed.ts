/**
 * The seed for one variant: 0 stays 0 (a new random seed for each image); a fixed seed counts up per variant, so
 * the variants of a fixed seed differ from each other and stay reproducible. Wraps within Bedrock's 1…4294967295.
 */
import { SEED_MAX } from "../../contract/limits.js";

export function variantSeed(seed: number, variantIndex: number): number {
  if (seed === 0) return 0;
  return ((seed - 1 + variantIndex) % SEED_MAX) + 1;
}
