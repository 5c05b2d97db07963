/**
 * Bytes of a CSV file → text: UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252 — and a file that
 * mixes the two (rows pasted from different programs) decoded line by line, each line in its own encoding, with a
 * warning naming which lines were which. Nothing is ever garbled silently.
 */

export type TextEncodingName =
  'utf-8' | 'utf-8 with BOM' | 'utf-16' | 'windows-1252' | 'utf-8 and windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** For a mixed file: the line numbers (from 1) read as each encoding, when they hold anything but ASCII. */
  mixed?: { utf8Lines: number[]; windows1252Lines: number[] };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8 with BOM' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8 as a whole. Excel's "CSV" on Windows writes the ANSI code page, Windows-1252 in the UK; but
    // lines pasted in from elsewhere may still be UTF-8. Decide line by line (a newline byte is never part of a
    // UTF-8 or Windows-1252 character, so splitting on it is safe).
  }
  const parts: string[] = [];
  const utf8Lines: number[] = [];
  const windows1252Lines: number[] = [];
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const chunk = bytes.subarray(start, end);
    if (isAscii(chunk)) {
      parts.push(cp1252.decode(chunk));
    } else {
      try {
        parts.push(utf8.decode(chunk));
        utf8Lines.push(line);
      } catch {
        parts.push(cp1252.decode(chunk));
        windows1252Lines.push(line);
      }
    }
    start = end + 1;
    line++;
  }
  const text = parts.join('\n');
  if (utf8Lines.length === 0) return { text, encoding: 'windows-1252' };
  return { text, encoding: 'utf-8 and windows-1252', mixed: { utf8Lines, windows1252Lines } };
}

/** "2, 5 and 9" (at most `max` numbers, then "and N more"). */
function listLines(lines: readonly number[], max = 8): string {
  const shown = lines.slice(0, max).map(String);
  const more = lines.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

/** The preview warning for a mixed file: which lines were read as which encoding. */
export function mixedEncodingWarning(mixed: NonNullable<DecodedText['mixed']>): string {
  const u = mixed.utf8Lines;
  const w = mixed.windows1252Lines;
  return (
    `This file mixes two text encodings, so each line was read in its own: ` +
    `line${u.length === 1 ? '' : 's'} ${listLines(u)} as UTF-8, and line${w.length === 1 ? '' : 's'} ` +
    `${listLines(w)} as Windows-1252 (ANSI). Check the accented letters and symbols on those lines in the preview; ` +
    'to avoid this, save the whole file as "CSV UTF-8" in Excel.'
  );
}
