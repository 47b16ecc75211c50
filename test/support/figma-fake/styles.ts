/**
 * Local paint styles, as `figma.createPaintStyle` makes them: an id, a name and paints that every layer linked to the
 * style through `fillStyleId` takes (PaintStyle, plugin-api.d.ts; `setFillStyleIdAsync`, plugin-api.d.ts:8816).
 */
import { normalizePaints } from "./paints.js";

export class FakePaintStyle implements Pick<PaintStyle, "id" | "type" | "name" | "paints"> {
  readonly type = "PAINT" as const;
  name = "Paint style";
  #paints: ReadonlyArray<Paint> = Object.freeze([]);

  constructor(
    readonly id: string,
    private readonly imageExists: (hash: string) => boolean,
  ) {}

  get paints(): ReadonlyArray<Paint> {
    return this.#paints;
  }

  set paints(paints: ReadonlyArray<Paint>) {
    this.#paints = normalizePaints(paints, this.imageExists, "paints");
  }
}

/** The document's paint styles by id. Style ids look like Figma's: "S:" and a key, then ",". */
export class FakeStyleStore {
  readonly #styles = new Map<string, FakePaintStyle>();
  #next = 1;

  constructor(private readonly imageExists: (hash: string) => boolean) {}

  create(): FakePaintStyle {
    const style = new FakePaintStyle(`S:${(this.#next++).toString(16).padStart(40, "0")},`, this.imageExists);
    this.#styles.set(style.id, style);
    return style;
  }

  get(id: string): FakePaintStyle | null {
    return this.#styles.get(id) ?? null;
  }

  all(): FakePaintStyle[] {
    return [...this.#styles.values()];
  }
}
