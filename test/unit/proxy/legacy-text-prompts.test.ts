/**
 * The older Stability body, `text_prompts: [{ text, weight }]`, mapped to today's `prompt` and `negative_prompt`:
 * which weights go where, how the texts are joined, and the exact message for each body that cannot be mapped.
 */
import { describe, expect, it } from "vitest";
import { BedrockError } from "../../../proxy/errors.js";
import { mapLegacyTextPrompts } from "../../../proxy/http/legacy-text-prompts.js";

function refusal(body: unknown): BedrockError | undefined {
  try {
    mapLegacyTextPrompts(body);
    return undefined;
  } catch (error) {
    return error as BedrockError;
  }
}

describe("mapLegacyTextPrompts", () => {
  it("joins positive (or unweighted) texts with spaces and negative ones with commas, keeping the other fields", () => {
    const body = {
      text_prompts: [
        { text: "a red fox", weight: 1 },
        { text: "in snow" },
        { text: "blurry", weight: -1 },
        { text: "at dusk", weight: 0.5 },
        { text: "low contrast", weight: -0.3 },
      ],
      seed: 3,
    };
    expect(mapLegacyTextPrompts(body)).toEqual({ prompt: "a red fox in snow at dusk", negative_prompt: "blurry, low contrast", seed: 3 });
  });

  it("leaves negative_prompt out when no text has a negative weight", () => {
    const mapped = mapLegacyTextPrompts({ text_prompts: [{ text: "a fox", weight: 1 }], aspect_ratio: "1:1" });
    expect(mapped).toEqual({ prompt: "a fox", aspect_ratio: "1:1" });
    expect(mapped).not.toHaveProperty("negative_prompt");
  });

  it("drops a text weighted 0: it is neither asked for nor asked against", () => {
    expect(mapLegacyTextPrompts({ text_prompts: [{ text: "a fox" }, { text: "ignored", weight: 0 }, { text: "dark", weight: -2 }] })).toEqual({
      prompt: "a fox",
      negative_prompt: "dark",
    });
  });

  it("passes bodies without text_prompts through untouched", () => {
    const body = { prompt: "a fox", negative_prompt: "blurry" };
    expect(mapLegacyTextPrompts(body)).toBe(body);
    expect(mapLegacyTextPrompts([1])).toEqual([1]);
    expect(mapLegacyTextPrompts(null)).toBeNull();
  });

  it("refuses text_prompts beside prompt or negative_prompt, with Bedrock's kind of message", () => {
    const message =
      "Malformed input request: use either text_prompts or prompt and negative_prompt, not both, please reformat your input and try again.";
    for (const extra of [{ prompt: "a fox" }, { negative_prompt: "blurry" }, { prompt: "a fox", negative_prompt: "blurry" }]) {
      const error = refusal({ text_prompts: [{ text: "a fox" }], ...extra });
      expect(error).toBeInstanceOf(BedrockError);
      expect([error?.type, error?.message]).toEqual(["ValidationException", message]);
    }
  });

  it("refuses text_prompts that is empty or not an array", () => {
    const message =
      "Malformed input request: #/text_prompts: expected a non-empty array of {text, weight}, please reformat your input and try again.";
    for (const textPrompts of [[], "a fox", { text: "a fox" }]) {
      const error = refusal({ text_prompts: textPrompts });
      expect([error?.type, error?.message]).toEqual(["ValidationException", message]);
    }
  });

  it("refuses an item without a string text or with a weight that is not a finite number, naming its index", () => {
    // JSON.parse reads 1e999 as Infinity, so a client can send one.
    const { text_prompts: overflowing } = JSON.parse('{"text_prompts":[{"text":"a fox","weight":1e999}]}') as { text_prompts: unknown[] };
    const cases: [unknown[], number][] = [
      [[{ text: "a fox" }, { text: 7 }], 1],
      [[{ text: "a fox", weight: "1" }], 0],
      [[{ text: "a fox" }, { text: "snow" }, { text: "dark", weight: Number.NaN }], 2],
      [overflowing, 0],
      [[null], 0],
    ];
    for (const [textPrompts, index] of cases) {
      const error = refusal({ text_prompts: textPrompts });
      expect([error?.type, error?.message]).toEqual([
        "ValidationException",
        `Malformed input request: #/text_prompts/${index}: expected {"text": string, "weight": number}, please reformat your input and try again.`,
      ]);
    }
  });
});
