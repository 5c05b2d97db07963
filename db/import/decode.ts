/**
 * Bytes of a CSV file → text: UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252 — and a file that
 * mixes the two (rows pasted from different programs) decoded line by line, each line in its own encoding, with a
 * warning naming which lines were which. Nothing is ever garbled silently.
 */
import { isAscii } from 'node:buffer';

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

/** The decoded text in pieces, each a run of whole lines (every piece but the last ends with a newline). */
export interface DecodedSegments extends Omit<DecodedText, 'text'> {
  segments: string[];
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const { segments, ...rest } = decodeTextSegments(bytes);
  return { text: segments.length === 1 ? (segments[0] ?? '') : segments.join(''), ...rest };
}

/** A block of bytes tested at once for a byte beyond ASCII (native, vectorised), before looking for which. */
const ASCII_BLOCK = 4096;

/**
 * The first byte at or after `from` that is not ASCII (`bytes.length` when there is none): whole blocks that are
 * ASCII are passed over by `isAscii` (issue 14: a byte-at-a-time loop over a 43 MB CSV cost ~100 ms), a block that
 * is not is searched byte by byte, as every byte was before.
 */
function nextNonAscii(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const end = Math.min(n, i + ASCII_BLOCK);
    if (isAscii(bytes.subarray(i, end))) {
      i = end;
      continue;
    }
    for (; i < end; i++) if ((bytes[i] as number) >= 0x80) return i;
  }
  return n;
}

/**
 * UTF-8 decoded in runs of lines, so that a few lines holding anything but ASCII (an en dash, a curly quote, a
 * "·") do not make the whole text a two-byte string: Node decodes a large text with any non-ASCII character into
 * two bytes per character, and the cells cut out of it (slices) keep it alive — at 100,000 rows 87 MB instead of
 * 43 MB. Runs of ASCII lines are decoded together (one byte per character); each other line on its own, where V8
 * keeps a short string one byte per character when every character fits in Latin-1. A newline byte is never part
 * of a UTF-8 sequence, so decoding line by line gives the same characters (and the same replacement characters,
 * for the non-fatal decoder) as decoding the whole.
 */
function utf8Segments(bytes: Uint8Array, decoder: { decode(b: Uint8Array): string }): string[] {
  const segments: string[] = [];
  let from = 0;
  for (let i = nextNonAscii(bytes, 0); i < bytes.length; i = nextNonAscii(bytes, i + 1)) {
    const start = bytes.lastIndexOf(0x0a, i) + 1;
    let end = bytes.indexOf(0x0a, i);
    end = end < 0 ? bytes.length : end + 1;
    if (start > from) segments.push(decoder.decode(bytes.subarray(from, start)));
    segments.push(decoder.decode(bytes.subarray(start, end)));
    from = end;
    i = end - 1;
  }
  if (from < bytes.length || segments.length === 0) segments.push(decoder.decode(bytes.subarray(from)));
  return segments;
}

export function decodeTextSegments(bytes: Uint8Array): DecodedSegments {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      segments: utf8Segments(bytes.subarray(3), new TextDecoder('utf-8')),
      encoding: 'utf-8 with BOM',
    };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { segments: [new TextDecoder('utf-16le').decode(bytes.subarray(2))], encoding: 'utf-16' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { segments: [new TextDecoder('utf-16be').decode(bytes.subarray(2))], encoding: 'utf-16' };
  }
  try {
    return { segments: utf8Segments(bytes, utf8), encoding: 'utf-8' };
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
  const segments = [parts.join('\n')];
  if (utf8Lines.length === 0) return { segments, encoding: 'windows-1252' };
  return { segments, encoding: 'utf-8 and windows-1252', mixed: { utf8Lines, windows1252Lines } };
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
