/**
 * The canvas renderer's SVG, in Node: what area it draws and at what scale, what it leaves out, and how it embeds
 * images and names. How the drawing looks is checked pixel by pixel in test/browser/render-canvas.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createFigmaFake } from "../support/figma-fake/index.js";
import { renderCanvas } from "../support/figma-fake/render-canvas.js";
import { makeImage } from "./test-images.js";

describe("renderCanvas", () => {
  it("draws the visible layers' bounds plus padding, scaled down to fit, and says how page points map to pixels", async () => {
    const figma = createFigmaFake();
    const frame = figma.createFrame();
    frame.resize(1000, 500);
    frame.x = 100;
    frame.y = 200;
    const hidden = figma.createRectangle();
    hidden.x = 5000;
    hidden.visible = false;
    const canvas = await renderCanvas(figma.currentPage, figma, { padding: 50, maxWidth: 550 });
    expect(canvas.area).toEqual({ x: 50, y: 150, width: 1100, height: 600 });
    expect(canvas.scale).toBe(0.5);
    expect([canvas.width, canvas.height]).toEqual([550, 300]);
    expect(canvas.svg).toMatch(/^<svg [^>]*width="550" height="300" viewBox="50 150 1100 600"/);
    expect(canvas.svg).not.toContain(hidden.id);
  });

  it("reads each image once, embeds it as a data URL, and escapes names", async () => {
    const figma = createFigmaFake();
    const image = figma.createImage(await makeImage(8, 4, "jpeg"));
    const frame = figma.createFrame();
    frame.name = `Ad <"spring"> & more`;
    const paint: ImagePaint = { type: "IMAGE", scaleMode: "FILL", imageHash: image.hash };
    frame.fills = [paint];
    const child = figma.createRectangle();
    frame.appendChild(child);
    child.fills = [paint];
    const reads: string[] = [];
    const source = {
      getImageByHash(hash: string) {
        reads.push(hash);
        return figma.getImageByHash(hash);
      },
    };
    const { svg } = await renderCanvas(figma.currentPage, source);
    expect(reads).toEqual([image.hash]);
    expect(svg.match(/href="data:image\/jpeg;base64,/g)).toHaveLength(2);
    expect(new Set(svg.match(/data:image\/jpeg;base64,[^"]+/g)).size).toBe(1);
    expect(svg).toContain(">Ad &#60;&#34;spring&#34;&#62; &#38; more</text>");
    expect(svg).not.toContain(`<"spring">`);
  });

  it("colours a text layer's glyphs with its fill rather than painting its box", async () => {
    const figma = createFigmaFake();
    const text = figma.createText();
    text.characters = "Spring sale";
    text.resize(200, 40);
    text.fills = [{ type: "SOLID", color: { r: 1, g: 0, b: 0 } }];
    const { svg } = await renderCanvas(figma.currentPage, figma);
    expect(svg).toContain('fill="rgb(255,0,0)">Spring sale</text>');
    expect(svg).not.toContain('<rect width="200" height="40" fill="rgb(255,0,0)"');
  });

  it("draws an instance with its component's layers, at the instance's place", async () => {
    const figma = createFigmaFake();
    const component = figma.createComponent();
    component.name = "Badge";
    const dot = figma.createEllipse();
    dot.fills = [{ type: "SOLID", color: { r: 1, g: 0, b: 0 } }];
    component.appendChild(dot);
    const instance = component.createInstance();
    instance.x = 300;
    const { svg } = await renderCanvas(figma.currentPage, figma);
    const drawnInstance = svg.slice(svg.indexOf(`data-id="${instance.id}"`));
    expect(drawnInstance).toMatch(/^data-id="[^"]+" transform="translate\(300 0\)">/);
    expect(drawnInstance).toContain(`data-id="${instance.children[0]!.id}"`);
    expect(svg.match(/<ellipse /g)).toHaveLength(2);
    expect(svg.match(/fill="rgb\(255,0,0\)"/g)).toHaveLength(2);
  });

  it("leaves out labels when asked and draws nothing for an image Figma no longer has", async () => {
    const figma = createFigmaFake();
    const image = figma.createImage(await makeImage(8, 8, "png"));
    const frame = figma.createFrame();
    frame.name = "Poster";
    frame.fills = [{ type: "IMAGE", scaleMode: "FIT", imageHash: image.hash }];
    const { svg } = await renderCanvas(figma.currentPage, { getImageByHash: () => null }, { labels: false });
    expect(svg).not.toContain("<image");
    expect(svg).not.toContain("Poster</text>");
  });
});
