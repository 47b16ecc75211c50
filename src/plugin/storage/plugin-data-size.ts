/**
 * Figma's limit for one plugin data entry, 100 kB (DESIGN.md "Facts worth knowing"), and what an entry counts against
 * it: its namespace, key and value as UTF-8. Main-thread code runs in Figma's sandbox (ES2017), so bytes are counted
 * by hand rather than with TextEncoder.
 */
export const PLUGIN_DATA_ENTRY_LIMIT_BYTES = 100_000;

export function pluginDataEntrySize(namespace: string, key: string, value: string): number {
  return utf8Length(namespace) + utf8Length(key) + utf8Length(value);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
