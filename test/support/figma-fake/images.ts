/**
 * Figma's image store as the plugin API shows it: `createImage` takes PNG, JPEG or GIF bytes up to 4096 × 4096 and
 * returns an `Image` handle named by a content hash; `getImageByHash` finds it again.
 */
import { contentHash } from "./content-hash.js";
import { MAX_IMAGE_SIDE, readImageHeader } from "./image-bytes.js";

/** An image handle, as `figma.createImage` returns it. */
export class FakeImage implements Image {
  readonly #bytes: Uint8Array;
  readonly #width: number;
  readonly #height: number;

  constructor(
    readonly hash: string,
    bytes: Uint8Array,
    width: number,
    height: number,
  ) {
    this.#bytes = bytes;
    this.#width = width;
    this.#height = height;
  }

  async getBytesAsync(): Promise<Uint8Array> {
    return this.#bytes.slice();
  }

  async getSizeAsync(): Promise<{ width: number; height: number }> {
    return { width: this.#width, height: this.#height };
  }
}

export class FakeImageStore {
  readonly #images = new Map<string, FakeImage>();

  /** Validates and stores the bytes; throws with Figma's wording when Figma would refuse them. */
  create(data: Uint8Array): FakeImage {
    if (!(data instanceof Uint8Array)) throw new Error("in createImage: Expected a Uint8Array");
    const header = readImageHeader(data);
    if (header.format === "webp" || header.format === "unknown" || header.width === 0 || header.height === 0) {
      throw new Error("in createImage: Image type is unsupported");
    }
    if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) {
      throw new Error("in createImage: Image is too large");
    }
    const bytes = data.slice();
    const hash = contentHash(bytes);
    const existing = this.#images.get(hash);
    if (existing) return existing;
    const image = new FakeImage(hash, bytes, header.width, header.height);
    this.#images.set(hash, image);
    return image;
  }

  get(hash: string): FakeImage | null {
    return this.#images.get(hash) ?? null;
  }

  has(hash: string): boolean {
    return this.#images.has(hash);
  }

  /** Forgets every image whose hash is not in `hashes`. */
  retainOnly(hashes: ReadonlySet<string>): void {
    for (const hash of [...this.#images.keys()]) if (!hashes.has(hash)) this.#images.delete(hash);
  }
}
