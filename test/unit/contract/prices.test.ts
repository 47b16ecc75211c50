import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID, findModel, formatUsd, MICRO_USD_PER_USD, microUsdFromUsd, priceMicroUsd } from "../../../src/contract/index.js";

describe("prices", () => {
  it("counts dollars in whole micro-dollars, so sums of prices are exact", () => {
    expect(MICRO_USD_PER_USD).toBe(1_000_000);
    expect(microUsdFromUsd(0.04)).toBe(40_000);
    expect(microUsdFromUsd(50)).toBe(50_000_000);
    expect(microUsdFromUsd(0.1 + 0.2)).toBe(300_000); // 0.30000000000000004 dollars
    expect(microUsdFromUsd(0.0000014)).toBe(1); // rounded to the nearest micro-dollar, not truncated
  });

  it("prices a known model from its published price, an admin's override first, and nothing for an unknown id", () => {
    expect(priceMicroUsd(DEFAULT_MODEL_ID)).toBe(40_000);
    expect(priceMicroUsd("stability.sd3-5-large-v1:0")).toBe(80_000);
    expect(priceMicroUsd("stability.stable-image-ultra-v1:1")).toBe(140_000);
    expect(priceMicroUsd(DEFAULT_MODEL_ID, { [DEFAULT_MODEL_ID]: 0 })).toBe(0); // a free model is an override, not a miss
    expect(priceMicroUsd(DEFAULT_MODEL_ID, { "stability.sd3-5-large-v1:0": 1 })).toBe(40_000); // another model's override
    expect(priceMicroUsd("stability.unknown-v1:0")).toBeUndefined();
    expect(priceMicroUsd("toString")).toBeUndefined(); // an inherited property is not an override
  });

  it("finds a model by its exact id only", () => {
    expect(findModel("stability.stable-image-core-v1:1")?.name).toBe("Stable Image Core 1.1");
    expect(findModel("stability.stable-image-core")).toBeUndefined();
    expect(findModel("")).toBeUndefined();
  });

  it("shows micro-dollars to the cent, rounded up so a spend never looks smaller", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1)).toBe("$0.01");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(10_001)).toBe("$0.02");
    expect(formatUsd(80_000)).toBe("$0.08");
    expect(formatUsd(1_050_000)).toBe("$1.05");
    expect(formatUsd(1_520_000)).toBe("$1.52");
    expect(formatUsd(1_999_999)).toBe("$2.00");
    expect(formatUsd(50_000_000)).toBe("$50.00");
    expect(formatUsd(123_456_789)).toBe("$123.46");
  });
});
