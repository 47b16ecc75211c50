/** Names of frames Framefill creates: the prompt, whitespace tidied, shortened to 40 characters. */
import { describe, expect, it } from "vitest";
import { newFrameName } from "../../../src/plugin/plan/new-frame-name.js";

describe("newFrameName", () => {
  it("uses the tidied prompt, shortened with an ellipsis", () => {
    expect(newFrameName("  a\n red   fox ")).toBe("a red fox");
    const long = newFrameName("A very long prompt about a lighthouse on a cliff in a storm at night");
    expect(long).toBe("A very long prompt about a lighthouse o…");
    expect(newFrameName("A very long prompt about a lighthouses   on a cliff")).toBe("A very long prompt about a lighthouses…");
    expect(newFrameName("   ")).toBe("Framefill image");
  });
});
