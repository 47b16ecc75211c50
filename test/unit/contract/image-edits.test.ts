import { describe, expect, it } from "vitest";
import {
  IMAGE_EDIT_MODEL_IDS,
  IMAGE_EDIT_TOOLS,
  imageEditOutputSize,
  imageEditToolOf,
  type ImageEditTool,
  STYLE_PRESETS,
  validateImageEditRequest,
} from "../../../src/contract/index.js";
import { makeImage } from "../test-images.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const image = async (width: number, height: number, format: "png" | "jpeg" | "webp" | "gif" = "png") => base64(await makeImage(width, height, format));

function refusal(tool: ImageEditTool, body: unknown): string {
  const result = validateImageEditRequest(tool, body);
  if (result.ok) throw new Error(`expected ${tool} to refuse ${JSON.stringify(body).slice(0, 200)}`);
  return result.message;
}

const accepted = (tool: ImageEditTool, body: unknown) => expect(validateImageEditRequest(tool, body)).toEqual({ ok: true, value: body });

describe("image-edit tools", () => {
  it("names each tool's Bedrock model id, and only those ids map back to a tool", () => {
    expect(IMAGE_EDIT_MODEL_IDS).toEqual({
      removeBackground: "us.stability.stable-image-remove-background-v1:0",
      upscale: "us.stability.stable-fast-upscale-v1:0",
      outpaint: "us.stability.stable-outpaint-v1:0",
      searchReplace: "us.stability.stable-image-search-replace-v1:0",
      erase: "us.stability.stable-image-erase-object-v1:0",
    });
    for (const tool of IMAGE_EDIT_TOOLS) expect(imageEditToolOf(IMAGE_EDIT_MODEL_IDS[tool])).toBe(tool);
    expect(imageEditToolOf("stability.stable-image-core-v1:0")).toBeUndefined();
    expect(imageEditToolOf("us.stability.stable-image-outpaint-v1:0")).toBeUndefined();
  });

  it("expects 4× for upscale, the input plus extensions for outpaint, the input's size otherwise, and says which is unconfirmed", () => {
    const input = { width: 512, height: 300 };
    expect(imageEditOutputSize("upscale", input)).toEqual({ width: 2048, height: 1200, confirmed: false });
    expect(imageEditOutputSize("outpaint", input, { left: 10, right: 20, up: 5 })).toEqual({ width: 542, height: 305, confirmed: true });
    expect(imageEditOutputSize("outpaint", input, { up: 5, down: 7 })).toEqual({ width: 512, height: 312, confirmed: true });
    expect(imageEditOutputSize("outpaint", input)).toEqual({ width: 512, height: 300, confirmed: true });
    expect(imageEditOutputSize("searchReplace", input)).toEqual({ width: 512, height: 300, confirmed: false });
    expect(imageEditOutputSize("removeBackground", input)).toEqual({ width: 512, height: 300, confirmed: true });
    expect(imageEditOutputSize("erase", input)).toEqual({ width: 512, height: 300, confirmed: true });
  });
});

describe("image-edit request validation", () => {
  it("accepts each tool's documented body, in PNG, JPEG and WebP", async () => {
    const png = await image(256, 128);
    accepted("removeBackground", { image: png, output_format: "png", seed: 0 });
    accepted("removeBackground", { image: await image(100, 100, "jpeg") });
    accepted("removeBackground", { image: await image(100, 100, "webp") });
    accepted("upscale", { image: png, output_format: "webp", seed: 4_294_967_294 });
    accepted("outpaint", { image: png, left: 2000, right: 0, up: 1, down: 0, prompt: "", creativity: 0.1, style_preset: "photographic", seed: 7, output_format: "jpeg" });
    accepted("outpaint", { image: png, down: 1, creativity: 1 });
    accepted("searchReplace", { image: png, prompt: "a bicycle", search_prompt: "car", negative_prompt: "blur", grow_mask: 20, seed: 1, output_format: "png" });
    accepted("erase", { image: png, mask: await image(256, 128), grow_mask: 0 });
    accepted("erase", { image: png });
  });

  it("refuses an image that is not base64 of a PNG, JPEG or WebP", async () => {
    const expected = "Malformed input request: #/image: expected a base64-encoded JPEG, PNG or WebP image, please reformat your input and try again.";
    expect(refusal("removeBackground", { image: await image(100, 100, "gif") })).toBe(expected);
    expect(refusal("removeBackground", { image: "not base64!" })).toBe(expected);
    expect(refusal("removeBackground", { image: Buffer.from("plain text, not an image").toString("base64") })).toBe(expected);
    const png = await image(100, 100);
    expect(refusal("upscale", { image: png.slice(0, 20) })).toBe(expected); // a header cut short
    expect(refusal("removeBackground", { image: 42 })).toContain("#/image: expected type: String, found: Integer");
    expect(refusal("removeBackground", {})).toContain("#: required key [image] not found");
    expect(refusal("removeBackground", [])).toContain("#: expected type: JSONObject, found: JSONArray");
  });

  it("reads the size of a JPEG whose frame header lies past a large metadata segment", async () => {
    const sharp = (await import("sharp")).default;
    // 60 KB of EXIF pushes the frame header past the head the validator decodes first.
    const jpegWithExif = async (width: number, height: number) =>
      (
        await sharp({ create: { width, height, channels: 3, background: "#336699" } })
          .jpeg()
          .withMetadata({ exif: { IFD0: { ImageDescription: "x".repeat(60_000) } } })
          .toBuffer()
      ).toString("base64");
    const small = await jpegWithExif(160, 80);
    expect(small.length).toBeGreaterThan(64 * 1024);
    expect(validateImageEditRequest("removeBackground", { image: small }).ok).toBe(true);
    expect(refusal("upscale", { image: await jpegWithExif(2000, 40) })).toContain("the image is 2000×40 pixels: each side must be at most 1536 pixels");
  });

  it("holds remove background, outpaint, search and replace and erase to 64 px a side, 9,437,184 px and 1:2.5–2.5:1", async () => {
    for (const tool of ["removeBackground", "outpaint", "searchReplace", "erase"] as const) {
      const extra = tool === "outpaint" ? { left: 10 } : tool === "searchReplace" ? { prompt: "p", search_prompt: "s" } : {};
      expect(validateImageEditRequest(tool, { image: await image(64, 160), ...extra }).ok).toBe(true);
      expect(refusal(tool, { image: await image(63, 100), ...extra })).toContain("#/image: the image is 63×100 pixels: each side must be at least 64 pixels");
      expect(refusal(tool, { image: await image(64, 161), ...extra })).toContain("the image is 64×161 pixels: its aspect ratio must be between 1:2.5 and 2.5:1");
      expect(refusal(tool, { image: await image(251, 100), ...extra })).toContain("its aspect ratio must be between 1:2.5 and 2.5:1");
    }
    expect(validateImageEditRequest("removeBackground", { image: await image(3072, 3072) }).ok).toBe(true); // 9,437,184 px exactly
    expect(refusal("removeBackground", { image: await image(3073, 3072) })).toContain("the image is 3073×3072 pixels: it must have at most 9,437,184 pixels");
  });

  it("holds fast upscale to 32–1536 px a side and 1,024–1,048,576 px, with no aspect limit", async () => {
    accepted("upscale", { image: await image(32, 32) });
    accepted("upscale", { image: await image(1024, 1024) });
    accepted("upscale", { image: await image(1536, 32) });
    expect(refusal("upscale", { image: await image(31, 64) })).toContain("each side must be at least 32 pixels");
    expect(refusal("upscale", { image: await image(1537, 32) })).toContain("each side must be at most 1536 pixels");
    expect(refusal("upscale", { image: await image(1025, 1024) })).toContain("it must have at most 1,048,576 pixels");
  });

  it("refuses outpaint extensions out of 0–2000, all zero, or not whole; creativity out of 0.1–1", async () => {
    const png = await image(100, 100);
    expect(refusal("outpaint", { image: png })).toBe(
      "Malformed input request: #: at least one of left, right, up and down must be above 0, please reformat your input and try again.",
    );
    expect(refusal("outpaint", { image: png, left: 0, right: 0, up: 0, down: 0 })).toContain("at least one of left, right, up and down");
    expect(refusal("outpaint", { image: png, left: 2001 })).toContain("#/left: 2001 is not less or equal to 2000");
    expect(refusal("outpaint", { image: png, up: -1, down: 5 })).toContain("#/up: -1 is not greater or equal to 0");
    expect(refusal("outpaint", { image: png, right: 1.5 })).toContain("#/right: expected type: Integer, found: Number");
    expect(refusal("outpaint", { image: png, down: "10" })).toContain("#/down: expected type: Integer, found: String");
    expect(refusal("outpaint", { image: png, left: 1, creativity: 0.09 })).toContain("#/creativity: 0.09 is not greater or equal to 0.1");
    expect(refusal("outpaint", { image: png, left: 1, creativity: 1.01 })).toContain("#/creativity: 1.01 is not less or equal to 1");
    expect(refusal("outpaint", { image: png, left: 1, style_preset: "watercolour" })).toContain("#/style_preset: watercolour is not a valid enum value");
    expect(refusal("outpaint", { image: png, left: 1, prompt: "a".repeat(10_001) })).toContain("#/prompt: expected maxLength: 10000, actual: 10001");
  });

  it("requires search and replace's prompt and search_prompt, and holds grow_mask to 0–20", async () => {
    const png = await image(100, 100);
    expect(refusal("searchReplace", { image: png, prompt: "a bicycle" })).toContain("#: required key [search_prompt] not found");
    expect(refusal("searchReplace", { image: png, search_prompt: "car" })).toContain("#: required key [prompt] not found");
    expect(refusal("searchReplace", { image: png, prompt: "", search_prompt: "car" })).toContain("#/prompt: expected minLength: 1, actual: 0");
    expect(refusal("searchReplace", { image: png, prompt: "b", search_prompt: "car", grow_mask: 21 })).toContain("#/grow_mask: 21 is not less or equal to 20");
    expect(refusal("searchReplace", { image: png, prompt: "b", search_prompt: "car", negative_prompt: "n".repeat(10_001) })).toContain(
      "#/negative_prompt: expected maxLength: 10000",
    );
  });

  it("takes erase's mask only as an image, and holds grow_mask to 0–20", async () => {
    const png = await image(100, 100);
    expect(refusal("erase", { image: png, mask: "AAAA" })).toContain("#/mask: expected a base64-encoded JPEG, PNG or WebP image");
    expect(refusal("erase", { image: png, grow_mask: -1 })).toContain("#/grow_mask: -1 is not greater or equal to 0");
    expect(refusal("erase", { image: png, grow_mask: 21 })).toContain("#/grow_mask: 21 is not less or equal to 20");
  });

  it("words each refusal whole: a non-string image once, and every violation of a body, in order, after their count", async () => {
    const whole = (detail: string) => `Malformed input request: ${detail}, please reformat your input and try again.`;
    const png = await image(100, 100);
    // A number is refused as a number, not also as an image it cannot be.
    expect(refusal("removeBackground", { image: 42 })).toBe(whole("#/image: expected type: String, found: Integer"));
    expect(refusal("erase", { image: png, mask: 5 })).toBe(whole("#/mask: expected type: String, found: Integer"));
    expect(refusal("erase", { image: png, mask: "AAAA" })).toBe(whole("#/mask: expected a base64-encoded JPEG, PNG or WebP image"));
    expect(refusal("outpaint", { image: png, left: 2001, seed: -1 })).toBe(
      whole("2 schema violations found: #/left: 2001 is not less or equal to 2000; #/seed: -1 is not greater or equal to 0"),
    );
    expect(refusal("searchReplace", { image: png })).toBe(
      whole("2 schema violations found: #: required key [prompt] not found; #: required key [search_prompt] not found"),
    );
    expect(refusal("upscale", { image: await image(2048, 2048) })).toBe(
      whole("#/image: the image is 2048×2048 pixels: each side must be at most 1536 pixels"),
    );
  });

  it("takes each of Stability's 17 style presets in outpaint and search and replace, and no other", async () => {
    expect(STYLE_PRESETS).toEqual([
      "3d-model",
      "analog-film",
      "anime",
      "cinematic",
      "comic-book",
      "digital-art",
      "enhance",
      "fantasy-art",
      "isometric",
      "line-art",
      "low-poly",
      "modeling-compound",
      "neon-punk",
      "origami",
      "photographic",
      "pixel-art",
      "tile-texture",
    ]);
    const png = await image(100, 100);
    for (const style_preset of STYLE_PRESETS) {
      accepted("outpaint", { image: png, left: 1, style_preset });
      accepted("searchReplace", { image: png, prompt: "p", search_prompt: "s", style_preset });
    }
    expect(refusal("searchReplace", { image: png, prompt: "p", search_prompt: "s", style_preset: "" })).toContain("#/style_preset:  is not a valid enum value");
  });

  it("takes an outpaint body with any one side, or several, above 0", async () => {
    const png = await image(100, 100);
    for (const side of ["left", "right", "up", "down"]) accepted("outpaint", { image: png, [side]: 1 });
    accepted("outpaint", { image: png, left: 5, right: 5 });
    accepted("outpaint", { image: png, up: 3, down: 3, left: 0 });
    accepted("outpaint", { image: png, left: 2000, right: 2000, up: 2000, down: 2000 });
    accepted("outpaint", { image: png, left: 0, right: 0, up: 0, down: 1, creativity: 0.5, prompt: "sky" });
  });

  it("holds every tool to seeds 0–4294967294, the three output formats, and no keys beyond its own", async () => {
    const png = await image(100, 100);
    const bodies: Record<ImageEditTool, Record<string, unknown>> = {
      removeBackground: { image: png },
      upscale: { image: png },
      outpaint: { image: png, left: 1 },
      searchReplace: { image: png, prompt: "p", search_prompt: "s" },
      erase: { image: png },
    };
    for (const tool of IMAGE_EDIT_TOOLS) {
      expect(refusal(tool, { ...bodies[tool], seed: 4_294_967_295 })).toContain("#/seed: 4294967295 is not less or equal to 4294967294");
      expect(refusal(tool, { ...bodies[tool], seed: -1 })).toContain("#/seed: -1 is not greater or equal to 0");
      expect(refusal(tool, { ...bodies[tool], output_format: "gif" })).toContain("#/output_format: gif is not a valid enum value");
      expect(refusal(tool, { ...bodies[tool], aspect_ratio: "16:9" })).toContain("#: extraneous key [aspect_ratio] is not permitted");
    }
    expect(refusal("removeBackground", { image: png, prompt: "x" })).toContain("extraneous key [prompt]");
    expect(refusal("erase", { image: png, prompt: "x" })).toContain("extraneous key [prompt]");
  });
});
