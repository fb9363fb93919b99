/** Turning a file's bytes into text: UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252. */
import { ImportFileError } from './import-file-error.js';

export type Encoding = 'UTF-8' | 'UTF-16' | 'Windows-1252';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

/**
 * WHATWG's windows-1252 for bytes 0x80-0x9F. Node 20.18.3+ decodes 'windows-1252' as Latin-1
 * (nodejs/node#60888), giving U+0080-U+009F controls instead of € ‚ ƒ „ … ’ “ ” and so on;
 * the five bytes Windows-1252 leaves undefined keep their code point, as WHATWG says.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  // Chunks keep String.fromCharCode's argument list short on big files.
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    const codes = Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b));
    text += String.fromCharCode(...codes);
  }
  return text;
}

/**
 * The file's text. Seller Central downloads are UTF-8 in most marketplaces and
 * Windows-1252 when saved again by a spreadsheet on Windows; bytes that are not
 * valid UTF-8 are read as Windows-1252 (every byte is a character there).
 */
export function decodeText(name: string, bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.includes(0)) throw new ImportFileError(name, 'not a text file (it has NUL bytes)');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'Windows-1252' };
  }
}
