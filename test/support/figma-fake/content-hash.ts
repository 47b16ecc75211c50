/**
 * A content hash for image bytes, 40 hex characters like the SHA-1 hashes Figma shows in `ImagePaint.imageHash`.
 * Not cryptographic: the fake only needs equal bytes to give equal hashes, synchronously, in Node and in a browser.
 */
export function contentHash(bytes: Uint8Array): string {
  // Five 32-bit FNV-1a lanes with different offsets and a final avalanche make a 160-bit digest.
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    for (let lane = 0; lane < lanes.length; lane++) {
      lanes[lane] = Math.imul((lanes[lane]! ^ (byte + lane)) >>> 0, 0x01000193) >>> 0;
    }
  }
  return lanes
    .map((lane, index) => {
      let h = (lane ^ bytes.length ^ (index * 0x27d4eb2d)) >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
      return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, "0");
    })
    .join("");
}
