/**
 * Accepts the older Stability body that Bedrock's model page still shows, `text_prompts: [{ text, weight }]`, by
 * mapping it to today's fields: texts with a positive (or no) weight become `prompt`, negative ones
 * `negative_prompt`. Bodies without `text_prompts` pass through untouched.
 */
import { BedrockError } from "../errors.js";

export function mapLegacyTextPrompts(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("text_prompts" in body)) return body;
  const { text_prompts: textPrompts, ...rest } = body as Record<string, unknown>;
  if ("prompt" in rest || "negative_prompt" in rest) {
    throw new BedrockError(
      "ValidationException",
      "Malformed input request: use either text_prompts or prompt and negative_prompt, not both, please reformat your input and try again.",
    );
  }
  if (!Array.isArray(textPrompts) || textPrompts.length === 0) {
    throw new BedrockError(
      "ValidationException",
      "Malformed input request: #/text_prompts: expected a non-empty array of {text, weight}, please reformat your input and try again.",
    );
  }
  const positive: string[] = [];
  const negative: string[] = [];
  textPrompts.forEach((item: unknown, index) => {
    const { text, weight } = (item ?? {}) as { text?: unknown; weight?: unknown };
    if (typeof text !== "string" || (weight !== undefined && (typeof weight !== "number" || !Number.isFinite(weight)))) {
      throw new BedrockError(
        "ValidationException",
        `Malformed input request: #/text_prompts/${index}: expected {"text": string, "weight": number}, please reformat your input and try again.`,
      );
    }
    if (weight !== undefined && weight < 0) negative.push(text);
    else if (weight !== 0) positive.push(text);
  });
  return {
    ...rest,
    prompt: positive.join(" "),
    ...(negative.length > 0 ? { negative_prompt: negative.join(", ") } : {}),
  };
}
