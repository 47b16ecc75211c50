/**
 * Wraps bytes in a ReadableStream of one chunk, for answers of megabytes. Handed a Uint8Array, hono's Response is
 * rebuilt as undici's whenever middleware sets a header after the handler (cors, the request id), and undici copies
 * the bytes; a stream passes through those rebuilds untouched and reaches Node's response as the same bytes.
 * Give the response a `content-length`: a stream has none of its own.
 *
 * @example
 * return c.body(streamBytes(image), 200, { "content-length": String(image.byteLength) });
 */
export function streamBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  // Not a byte stream: those transfer (detach) what they enqueue, and the same bytes may be kept for a retry.
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}
