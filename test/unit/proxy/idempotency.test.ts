import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { BedrockError } from "../../../proxy/errors.js";
import { createIdempotency, createMemoryIdempotencyStore, IDEMPOTENCY_TTL_MS } from "../../../proxy/http/idempotency.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const scope = (idempotencyKey: string | undefined, body = "{}") => ({ accessKeyId: "FFK1", idempotencyKey, modelId: "m", body: bytes(body) });

function counter() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    produce: async () => ({ body: bytes(`answer ${++calls}`) }),
  };
}

describe("idempotency", () => {
  it("produces once per key and answers retries with the stored answer", async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    const producer = counter();
    const first = await idempotency.run(scope("k1"), producer.produce);
    const retry = await idempotency.run(scope("k1"), producer.produce);
    expect(producer.calls).toBe(1);
    expect(first.produced).toBeDefined();
    expect(retry.produced).toBeUndefined();
    expect(new TextDecoder().decode(retry.body)).toBe("answer 1");
    await idempotency.run(scope("k2"), producer.produce);
    await idempotency.run(scope(undefined), producer.produce);
    await idempotency.run(scope(undefined), producer.produce);
    expect(producer.calls).toBe(4);
  });

  it("makes a retry that overtakes the first attempt wait for it", async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow = async () => {
      calls++;
      await gate;
      return { body: bytes("slow answer") };
    };
    const first = idempotency.run(scope("k"), slow);
    const second = idempotency.run(scope("k"), slow);
    release();
    const answers = await Promise.all([first, second]);
    expect(calls).toBe(1);
    expect(answers.map((answer) => new TextDecoder().decode(answer.body))).toEqual(["slow answer", "slow answer"]);
  });

  it("keeps no failure: the retry runs again", async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new BedrockError("ThrottlingException", "slow down");
      return { body: bytes("ok") };
    };
    await expect(idempotency.run(scope("k"), flaky)).rejects.toThrow("slow down");
    expect(new TextDecoder().decode((await idempotency.run(scope("k"), flaky)).body)).toBe("ok");
    expect(calls).toBe(2);
  });

  it("refuses a key reused for a different request, and malformed keys", async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    const producer = counter();
    await idempotency.run(scope("k", '{"prompt":"a"}'), producer.produce);
    await expect(idempotency.run(scope("k", '{"prompt":"b"}'), producer.produce)).rejects.toMatchObject({
      type: "ValidationException",
      message: "This Idempotency-Key was already used for a different request.",
    });
    const malformed = { type: "ValidationException", message: "Idempotency-Key must be 1 to 128 visible ASCII characters." };
    await expect(idempotency.run(scope("has space"), producer.produce)).rejects.toMatchObject(malformed);
    await expect(idempotency.run(scope("x".repeat(129)), producer.produce)).rejects.toMatchObject(malformed);
    await expect(idempotency.run(scope(""), producer.produce)).rejects.toMatchObject(malformed);
    expect(producer.calls).toBe(1);
  });

  it("tells the model id from the body: the same bytes split differently between them are another request", async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    const producer = counter();
    await idempotency.run({ accessKeyId: "FFK1", idempotencyKey: "k", modelId: "model-a", body: bytes("b{}") }, producer.produce);
    await expect(
      idempotency.run({ accessKeyId: "FFK1", idempotencyKey: "k", modelId: "model-ab", body: bytes("{}") }, producer.produce),
    ).rejects.toMatchObject({ type: "ValidationException", message: "This Idempotency-Key was already used for a different request." });
    expect(producer.calls).toBe(1);
  });

  it("fails loudly, keeping nothing, when the answer to keep has no body", async () => {
    const store = createMemoryIdempotencyStore();
    const idempotency = createIdempotency(store);
    await expect(idempotency.run(scope("k"), async () => ({}))).rejects.toThrow("The answer to keep for an Idempotency-Key was not collected");
    expect(await store.get("FFK1:k")).toBeUndefined();
  });

  it("makes a retry wait for the attempt it overtook even when the attempt before that failed", async () => {
    // First fails while a second waits behind it; the second then generates, and a third must wait for the second
    // rather than pay for a third image.
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    const gates: (() => void)[] = [];
    let calls = 0;
    const produce = async () => {
      const call = ++calls;
      await new Promise<void>((resolve) => gates.push(resolve));
      if (call === 1) throw new BedrockError("ThrottlingException", "slow down");
      return { body: bytes(`answer ${call}`) };
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const first = idempotency.run(scope("k"), produce);
    const second = idempotency.run(scope("k"), produce);
    await settle();
    gates[0]!();
    await expect(first).rejects.toThrow("slow down");
    await settle();
    expect(calls).toBe(2);
    const third = idempotency.run(scope("k"), produce);
    await settle();
    expect(calls).toBe(2);
    gates[1]!();
    const answers = await Promise.all([second, third]);
    expect(answers.map((answer) => new TextDecoder().decode(answer.body))).toEqual(["answer 2", "answer 2"]);
    expect(calls).toBe(2);
  });

  it("forgets answers after the TTL and keeps within its byte budget, oldest out first", async () => {
    let now = 0;
    const store = createMemoryIdempotencyStore(() => now, 10);
    await store.put("a", { fingerprint: "f", body: bytes("12345") });
    await store.put("b", { fingerprint: "f", body: bytes("12345") });
    expect(await store.get("a")).toBeDefined();
    await store.put("c", { fingerprint: "f", body: bytes("123") });
    expect(await store.get("a")).toBeUndefined();
    expect(await store.get("b")).toBeDefined();
    now += IDEMPOTENCY_TTL_MS;
    expect(await store.get("b")).toBeUndefined();
    await store.put("huge", { fingerprint: "f", body: bytes("way over the budget") });
    expect(await store.get("huge")).toBeUndefined();
  });

  it("lets go of each attempt once it settles: only the byte-bounded store keeps answers", async () => {
    // An attempt remembered for its retries past its end would keep every generated image alive, outside the budget.
    const idempotency = createIdempotency(createMemoryIdempotencyStore());
    let attempt: WeakRef<object> | undefined;
    await idempotency.run(scope("k"), async () => {
      const produced = { body: bytes("an image") };
      attempt = new WeakRef(produced);
      return produced;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
    expect(attempt?.deref()).toBeUndefined();
  });

  it("keeps an answer exactly as large as its budget, and one too large for the whole budget evicts nothing", async () => {
    const store = createMemoryIdempotencyStore(() => 0, 10);
    await store.put("small", { fingerprint: "f", body: bytes("12345") });
    await store.put("huge", { fingerprint: "f", body: bytes("12345678901") });
    expect(await store.get("huge")).toBeUndefined();
    expect(await store.get("small")).toBeDefined();
    await store.put("exact", { fingerprint: "f", body: bytes("1234567890") });
    expect(new TextDecoder().decode((await store.get("exact"))?.body)).toBe("1234567890");
    expect(await store.get("small")).toBeUndefined();
  });
});
