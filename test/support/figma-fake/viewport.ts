/**
 * `figma.viewport`: the visible part of the current page. `bounds` follows from the centre, the zoom and the size of
 * the canvas on screen, as in Figma (bounds.width = screen width / zoom).
 */
export interface ViewportOptions {
  center?: Vector;
  zoom?: number;
  /** Canvas size on screen in pixels; 1440 × 900 by default. */
  screen?: { width: number; height: number };
}

export class FakeViewport implements Pick<ViewportAPI, "center" | "zoom" | "bounds"> {
  #center: Vector;
  #zoom: number;
  readonly #screen: { width: number; height: number };

  constructor(options: ViewportOptions = {}) {
    this.#center = { ...(options.center ?? { x: 0, y: 0 }) };
    this.#zoom = options.zoom ?? 1;
    this.#screen = { ...(options.screen ?? { width: 1440, height: 900 }) };
  }

  get center(): Vector {
    return { ...this.#center };
  }

  set center(value: Vector) {
    if (!(Number.isFinite(value?.x) && Number.isFinite(value?.y))) throw new Error("in set_center: Expected {x, y} numbers");
    this.#center = { x: value.x, y: value.y };
  }

  get zoom(): number {
    return this.#zoom;
  }

  set zoom(value: number) {
    if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) throw new Error("in set_zoom: Expected a positive number");
    this.#zoom = value;
  }

  get bounds(): Rect {
    const width = this.#screen.width / this.#zoom;
    const height = this.#screen.height / this.#zoom;
    return { x: this.#center.x - width / 2, y: this.#center.y - height / 2, width, height };
  }

  /** Centres the view on the nodes' bounding boxes and zooms so they fit (at most 100%). */
  scrollAndZoomIntoView(nodes: ReadonlyArray<{ absoluteBoundingBox: Rect | null }>): void {
    const boxes = nodes.map((node) => node.absoluteBoundingBox).filter((box): box is Rect => box !== null);
    if (boxes.length === 0) return;
    const left = Math.min(...boxes.map((box) => box.x));
    const top = Math.min(...boxes.map((box) => box.y));
    const right = Math.max(...boxes.map((box) => box.x + box.width));
    const bottom = Math.max(...boxes.map((box) => box.y + box.height));
    this.#center = { x: (left + right) / 2, y: (top + bottom) / 2 };
    this.#zoom = Math.min(1, this.#screen.width / Math.max(1, right - left), this.#screen.height / Math.max(1, bottom - top));
  }
}
