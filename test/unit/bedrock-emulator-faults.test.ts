import { describe, expect, it } from "vitest";
import { type Fault, FaultQueue } from "../support/bedrock-emulator/faults.js";

const throttle: Fault = { kind: "error", errorType: "ThrottlingException" };
const hang: Fault = { kind: "hang" };
const core = "stability.stable-image-core-v1:0";

describe("FaultQueue", () => {
  it("hands a fault to the next `times` requests, then none", () => {
    const queue = new FaultQueue();
    queue.add(throttle, { times: 2 });
    const request = { modelId: core, prompt: "a fox" };
    expect([queue.take(request), queue.take(request), queue.take(request)]).toEqual([throttle, throttle, undefined]);
    expect(queue.list()).toEqual([]);
  });

  it("serves faults in the order they were injected", () => {
    const queue = new FaultQueue();
    queue.add(throttle);
    queue.add(hang);
    const request = { modelId: core, prompt: "a fox" };
    expect([queue.take(request), queue.take(request)]).toEqual([throttle, hang]);
  });

  it("skips faults whose model id or prompt fragment does not match, leaving them pending", () => {
    const queue = new FaultQueue();
    queue.add(throttle, { modelId: "stability.stable-image-ultra-v1:1" });
    queue.add(hang, { promptIncludes: "storm" });

    expect(queue.take({ modelId: core, prompt: "a calm sea" })).toBeUndefined();
    expect(queue.take({ modelId: core, prompt: undefined })).toBeUndefined();
    expect(queue.take({ modelId: core, prompt: "a storm" })).toEqual(hang);
    expect(queue.list()).toEqual([{ fault: throttle, remaining: 1, modelId: "stability.stable-image-ultra-v1:1", promptIncludes: undefined }]);
  });

  it("forgets everything on clear", () => {
    const queue = new FaultQueue();
    queue.add(throttle, { times: 5 });
    queue.clear();
    expect(queue.take({ modelId: core, prompt: "a fox" })).toBeUndefined();
  });
});
