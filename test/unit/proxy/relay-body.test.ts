/**
 * relayBody when the client cancels its answer mid-way: a body kept for retries is still read to its end (its image
 * is paid for), one that is not kept is dropped at once. Fed through a PassThrough standing in for the upstream body.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ClientGoneError } from "../../../proxy/backends/backend.js";
import { relayBody, type StreamingBody } from "../../../proxy/backends/relay-body.js";

const answer = Buffer.from(JSON.stringify({ seeds: [7], finish_reasons: [null], images: ["A".repeat(300_000)] }));
const chunks = Array.from({ length: Math.ceil(answer.length / 16_384) }, (_, i) => answer.subarray(i * 16_384, (i + 1) * 16_384));

/** Starts a relay of `answer`, reads its first bytes as the client would, then cancels as a client that leaves. */
async function leaveAfterFirstBytes(keep: boolean): Promise<{ source: PassThrough; relayed: StreamingBody }> {
  const source = new PassThrough();
  const relaying = relayBody(source, { holdBytes: 32 * 1024, keep, declaredLength: answer.length });
  source.write(chunks[0]);
  source.write(chunks[1]);
  const relayed = await relaying;
  if (!("stream" in relayed)) throw new Error("expected a streamed body");
  const reader = relayed.stream.getReader();
  const first = await reader.read();
  expect(first.value?.byteLength).toBeGreaterThan(0);
  await reader.cancel();
  return { source, relayed };
}

describe("relayBody, a client that leaves mid-answer", () => {
  it("reads a kept body to its end and settles with all of it", async () => {
    const { source, relayed } = await leaveAfterFirstBytes(true);
    for (const chunk of chunks.slice(2)) source.write(chunk);
    source.end();

    const ended = await relayed.ended;

    expect(ended.clientLeft).toBe(true);
    expect(Buffer.compare(Buffer.from(ended.body!), answer)).toBe(0);
    expect(ended).toMatchObject({ byteLength: answer.length, summary: { images: 1, seeds: [7], finishReasons: [null] } });
    expect(relayed.bytesRelayed).toBeLessThan(answer.length);
  });

  it("still refuses a kept body that turns out unreadable at its end", async () => {
    const { source, relayed } = await leaveAfterFirstBytes(true);
    for (const chunk of chunks.slice(2, -1)) source.write(chunk);
    source.end();

    await expect(relayed.ended).rejects.toThrow(/could not read/);
  });

  it("drops a body that is not kept at once", async () => {
    const { source, relayed } = await leaveAfterFirstBytes(false);

    await expect(relayed.ended).rejects.toBeInstanceOf(ClientGoneError);
    expect(source.destroyed).toBe(true);
  });
});
