/**
 * Draws a text label large and centred into an RGB pixel buffer with the built-in block font: white letters with a
 * dark drop shadow on a darkened band, readable on any backdrop.
 */
import { GLYPH_HEIGHT, GLYPH_SPACING, GLYPH_WIDTH, glyphRows, textWidthInCells } from "./block-font.js";

/** Share of the image width the label may take, and of the height one line of it may take. */
const MAX_WIDTH_SHARE = 0.7;
const MAX_HEIGHT_SHARE = 0.2;
const BAND_DARKENING = 0.55;

export function drawLabel(pixels: Uint8Array, width: number, height: number, label: string): void {
  const widthInCells = textWidthInCells(label);
  if (widthInCells === 0) return;
  const cell = Math.max(
    1,
    Math.floor(Math.min((width * MAX_WIDTH_SHARE) / widthInCells, (height * MAX_HEIGHT_SHARE) / GLYPH_HEIGHT)),
  );
  const left = Math.floor((width - widthInCells * cell) / 2);
  const top = Math.floor((height - GLYPH_HEIGHT * cell) / 2);
  const shadow = Math.max(1, Math.round(cell / 3));

  darkenRows(pixels, width, top - cell * 2, top + (GLYPH_HEIGHT + 2) * cell, height);
  forEachLitCell(label, (column, row) => {
    const x = left + column * cell;
    const y = top + row * cell;
    fillRect(pixels, width, height, x + shadow, y + shadow, cell, cell, 0);
  });
  forEachLitCell(label, (column, row) => {
    fillRect(pixels, width, height, left + column * cell, top + row * cell, cell, cell, 255);
  });
}

/** Calls `visit` with the cell column and row of every "on" cell of the text's glyphs. */
function forEachLitCell(text: string, visit: (column: number, row: number) => void): void {
  [...text].forEach((character, index) => {
    const rows = glyphRows(character);
    if (!rows) return;
    const firstColumn = index * (GLYPH_WIDTH + GLYPH_SPACING);
    rows.forEach((cells, row) => {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if (cells[column] === "#") visit(firstColumn + column, row);
      }
    });
  });
}

function darkenRows(pixels: Uint8Array, width: number, fromRow: number, toRow: number, height: number): void {
  const start = Math.max(0, fromRow) * width * 3;
  const end = Math.min(height, toRow) * width * 3;
  for (let offset = start; offset < end; offset++) pixels[offset] = pixels[offset]! * BAND_DARKENING;
}

function fillRect(
  pixels: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  rectWidth: number,
  rectHeight: number,
  value: number,
): void {
  for (let row = Math.max(0, y); row < Math.min(height, y + rectHeight); row++) {
    const start = (row * width + Math.max(0, x)) * 3;
    const end = (row * width + Math.min(width, x + rectWidth)) * 3;
    pixels.fill(value, start, end);
  }
}
