/**
 * Faults the emulator injects on demand, and the queue that hands them out: each one applies to the next `times`
 * requests that pass the signature check and match its optional model id and prompt fragment, in the order they were
 * injected. The schema validates faults sent to the HTTP control endpoint; the in-process API uses the same types.
 *
 * @example
 * const queue = new FaultQueue();
 * queue.add({ kind: "error", errorType: "ThrottlingException" }, { times: 3 });
 * queue.take({ modelId: "stability.stable-image-core-v1:0", prompt: "a fox" }); // the throttling fault, 2 left
 */
import * as v from "valibot";
import { BEDROCK_ERROR_STATUS, type BedrockErrorType } from "../../../src/contract/index.js";

const ERROR_TYPES = Object.keys(BEDROCK_ERROR_STATUS) as [BedrockErrorType, ...BedrockErrorType[]];

export const faultSchema = v.variant("kind", [
  /** Bedrock's error: its status, `x-amzn-ErrorType` header and `{"message"}` body. */
  v.strictObject({ kind: v.literal("error"), errorType: v.picklist(ERROR_TYPES), message: v.optional(v.string()) }),
  /** 200 with `finish_reasons: ["Filter reason: prompt"]` (or "output image", or an edit's "input image") and no image. */
  v.strictObject({ kind: v.literal("content-filter"), reason: v.optional(v.picklist(["prompt", "output image", "input image"])) }),
  /** The normal answer, after `delayMs`. */
  v.strictObject({ kind: v.literal("slow"), delayMs: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /** No answer at all, until the client gives up (or the emulator closes). */
  v.strictObject({ kind: v.literal("hang") }),
  /** 200 with a JSON body cut off in the middle. */
  v.strictObject({ kind: v.literal("malformed-json") }),
  /** 200 with the whole image answer except its last two bytes (`]}`): unreadable only at its end. */
  v.strictObject({ kind: v.literal("malformed-tail") }),
  /** The TCP connection is reset (RST) instead of answering; over HTTP/2 that ends every stream on it. */
  v.strictObject({ kind: v.literal("connection-reset") }),
]);

export type Fault = v.InferOutput<typeof faultSchema>;

export const faultScopeSchema = v.strictObject({
  /** How many matching requests get the fault. Default 1. */
  times: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Only requests for this model id (decoded, e.g. "stability.stable-image-core-v1:0"). */
  modelId: v.optional(v.string()),
  /** Only requests whose prompt contains this text. */
  promptIncludes: v.optional(v.string()),
});

export type FaultScope = v.InferOutput<typeof faultScopeSchema>;

export interface PendingFault {
  readonly fault: Fault;
  readonly remaining: number;
  readonly modelId?: string;
  readonly promptIncludes?: string;
}

export class FaultQueue {
  #pending: PendingFault[] = [];

  add(fault: Fault, scope: FaultScope = {}): void {
    this.#pending.push({ fault, remaining: scope.times ?? 1, modelId: scope.modelId, promptIncludes: scope.promptIncludes });
  }

  /** The oldest fault that matches the request, counted down by one; undefined when none applies. */
  take(request: { modelId: string | undefined; prompt: string | undefined }): Fault | undefined {
    const index = this.#pending.findIndex((pending) => matches(pending, request));
    const pending = this.#pending[index];
    if (!pending) return undefined;
    if (pending.remaining > 1) this.#pending[index] = { ...pending, remaining: pending.remaining - 1 };
    else this.#pending.splice(index, 1);
    return pending.fault;
  }

  list(): readonly PendingFault[] {
    return [...this.#pending];
  }

  clear(): void {
    this.#pending = [];
  }
}

function matches(pending: PendingFault, request: { modelId: string | undefined; prompt: string | undefined }): boolean {
  if (pending.modelId !== undefined && pending.modelId !== request.modelId) return false;
  if (pending.promptIncludes !== undefined && !request.prompt?.includes(pending.promptIncludes)) return false;
  return true;
}
