/** The preview backend's cost per image: `renderImage` at the 1:1 and 16:9 output sizes, in each output format. */
import { bench, describe } from "vitest";
import { OUTPUT_FORMATS, OUTPUT_SIZES } from "../../src/contract/index.js";
import { renderImage } from "../../proxy/images/render-image.js";

for (const ratio of ["1:1", "16:9"] as const) {
  const { width, height } = OUTPUT_SIZES[ratio];
  describe(`renderImage ${ratio} (${width}×${height})`, () => {
    for (const format of OUTPUT_FORMATS) {
      bench(format, async () => {
        await renderImage({ width, height, format, seed: 123, prompt: "A serene mountain landscape", label: "PREVIEW" });
      }, { time: 1_000 });
    }
  });
}
