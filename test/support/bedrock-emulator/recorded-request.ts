/** What the emulator remembers about each InvokeModel request it received, for tests to assert on. */
import type { Fault } from "./faults.js";

export interface RecordedRequest {
  /** Also sent back as `x-amzn-requestid`. */
  readonly id: string;
  readonly receivedAt: Date;
  readonly protocol: "h1" | "h2";
  readonly method: string;
  /** As received: still percent-encoded, without the query. */
  readonly path: string;
  readonly query: string;
  /** Decoded from the path, e.g. "stability.stable-image-core-v1:0"; undefined if it cannot be decoded. */
  readonly modelId: string | undefined;
  /** Lower-case names; over HTTP/2 including pseudo-headers such as `:authority`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
  /** Set once the signature checked out. */
  accessKeyId: string | undefined;
  /** The fault this request got, if any. */
  fault: Fault | undefined;
  /** Status of the answer sent; undefined while pending, and for requests that never got one (hang, reset). */
  status: number | undefined;
  /** `x-amzn-ErrorType` of an error answer. */
  errorType: string | undefined;
  /** The client closed the stream or connection before the answer was complete. */
  clientClosedEarly: boolean;
}

