/**
 * A Duplex that first replays bytes already read from a socket, then relays the socket both ways.
 *
 * Why: an HTTP/2 session reads its socket natively (below JavaScript), so bytes that JavaScript has already taken off
 * the socket to sniff the protocol would be lost; `socket.unshift` does not help there. Handing the session this
 * stream instead makes Node wrap it and read through JavaScript, replayed bytes first.
 *
 * End, errors and destruction travel both ways: the socket's end ends this stream's readable side, ending this stream
 * ends the socket, and destroying either destroys the other.
 *
 * @example
 * socket.once("data", (head) => http2Server.emit("connection", new ReplaySocket(socket, head)));
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";

export class ReplaySocket extends Duplex {
  readonly #socket: Socket;

  constructor(socket: Socket, replayed: Uint8Array) {
    super({ allowHalfOpen: false });
    this.#socket = socket;
    if (replayed.length > 0) this.push(replayed);
    socket.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on("end", () => this.push(null));
    socket.on("error", (error) => this.destroy(error));
    socket.on("close", () => this.destroy());
    // Hold the socket's data back until this stream is read.
    socket.pause();
  }

  get remoteAddress(): string | undefined {
    return this.#socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.#socket.remotePort;
  }

  get remoteFamily(): string | undefined {
    return this.#socket.remoteFamily;
  }

  get localAddress(): string | undefined {
    return this.#socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.#socket.localPort;
  }

  /** Closes the underlying TCP connection with a reset (RST), as a crashed peer or a middlebox would. */
  resetAndDestroy(): this {
    this.#socket.resetAndDestroy();
    return this;
  }

  override _read(): void {
    this.#socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#socket.destroyed) this.#socket.destroy(error ?? undefined);
    callback(error);
  }
}
