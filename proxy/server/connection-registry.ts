/**
 * Every open connection, whether a request is in flight on it, and which connection gives way first: at the
 * connection cap the oldest one with no request in flight (silent, handshaking, idle keep-alive) is destroyed to make
 * room, so a flood of idle connections cannot lock out a client with a real request; when draining, idle connections
 * close at once and busy ones as soon as their last request is answered.
 *
 * A protocol tells the registry how to close its connection: `goAway` (graceful: HTTP/2 GOAWAY, or an HTTP/1.1
 * connection ended after its response) and `destroy` (at once).
 *
 * @example
 * const registry = new ConnectionRegistry(4096);
 * const connection = registry.admit(socket); // undefined: refused, the socket is already destroyed
 * connection?.requestStarted(); … connection?.requestFinished();
 * await registry.drain(); // every connection closed
 */
import type { Socket } from "node:net";

export class TrackedConnection {
  readonly socket: Socket;
  /** Closes gracefully: no new requests, in-flight ones finish. Set by the protocol serving the connection. */
  goAway: () => void;
  /** Closes at once. */
  destroy: () => void;
  #inFlight = 0;
  readonly #registry: ConnectionRegistry;

  constructor(socket: Socket, registry: ConnectionRegistry) {
    this.socket = socket;
    this.#registry = registry;
    this.destroy = () => socket.destroy();
    this.goAway = () => this.destroy();
  }

  get busy(): boolean {
    return this.#inFlight > 0;
  }

  requestStarted(): void {
    this.#inFlight++;
    this.#registry.markBusy(this);
  }

  requestFinished(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) this.#registry.markIdle(this);
  }
}

export class ConnectionRegistry {
  readonly #max: number;
  readonly #open = new Set<TrackedConnection>();
  /** Connections with no request in flight, oldest first (a Set keeps insertion order). */
  readonly #idle = new Set<TrackedConnection>();
  #draining = false;
  #emptied: (() => void) | undefined;

  constructor(maxConnections: number) {
    this.#max = maxConnections;
  }

  get size(): number {
    return this.#open.size;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Tracks a new connection until its socket closes; at the cap, makes room or refuses it (destroying it). */
  admit(socket: Socket): TrackedConnection | undefined {
    if (this.#draining || (this.#open.size >= this.#max && !this.#evictOldestIdle())) {
      socket.destroy();
      return undefined;
    }
    const connection = new TrackedConnection(socket, this);
    this.#open.add(connection);
    this.#idle.add(connection);
    socket.once("close", () => this.#forget(connection));
    return connection;
  }

  /** Closes idle connections now and busy ones once their requests are answered; resolves when none is left. */
  drain(): Promise<void> {
    this.#draining = true;
    for (const connection of [...this.#open]) connection.goAway();
    return this.#whenEmpty();
  }

  /** Destroys every connection. */
  destroyAll(): void {
    for (const connection of [...this.#open]) connection.destroy();
  }

  markBusy(connection: TrackedConnection): void {
    this.#idle.delete(connection);
  }

  markIdle(connection: TrackedConnection): void {
    if (!this.#open.has(connection)) return;
    if (this.#draining) return connection.goAway();
    this.#idle.delete(connection);
    this.#idle.add(connection);
  }

  #evictOldestIdle(): boolean {
    const [oldest] = this.#idle;
    if (!oldest) return false;
    this.#forget(oldest);
    oldest.destroy();
    return true;
  }

  #forget(connection: TrackedConnection): void {
    this.#open.delete(connection);
    this.#idle.delete(connection);
    if (this.#open.size === 0) this.#emptied?.();
  }

  #whenEmpty(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#emptied = resolve));
  }
}
