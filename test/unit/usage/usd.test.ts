import { describe, expect, it } from "vitest";
import { usdDecimal, usdFromMicroUsd } from "../../../proxy/usage/usd.js";

describe("dollars from micro-dollars", () => {
  it("writes every digit there is, and at least cents", () => {
    expect(usdDecimal(0)).toBe("0.00");
    expect(usdDecimal(80_000)).toBe("0.08");
    expect(usdDecimal(35_000)).toBe("0.035");
    expect(usdDecimal(1)).toBe("0.000001");
    expect(usdDecimal(12_500_000)).toBe("12.50");
    expect(usdDecimal(50_000_000)).toBe("50.00");
  });

  it("has no float drift where adding dollars would: 3 Ultra images are 0.42, not 0.42000000000000004", () => {
    expect(0.14 + 0.14 + 0.14).not.toBe(0.42);
    expect(usdFromMicroUsd(140_000 + 140_000 + 140_000)).toBe(0.42);
    expect(JSON.stringify(usdFromMicroUsd(6 * 40_000))).toBe("0.24");
    for (let microUsd = 0; microUsd <= 5_000_000; microUsd += 10_000) {
      expect(String(usdFromMicroUsd(microUsd))).toBe(String(Number(usdDecimal(microUsd))));
      expect(usdFromMicroUsd(microUsd) * 100).toBeCloseTo(microUsd / 10_000, 9);
    }
  });

  it("refuses what is not a whole number of micro-dollars", () => {
    expect(() => usdDecimal(0.5)).toThrow(RangeError);
    expect(() => usdDecimal(-1)).toThrow(RangeError);
  });
});
