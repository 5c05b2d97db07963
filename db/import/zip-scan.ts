/**
 * Look inside an XLSX (a zip) before exceljs unzips it whole: the sizes its directory declares, then every part
 * unzipped as a stream with a byte budget, counting rows and cells as it goes. Reading stops the moment a limit is
 * passed, so a 1 MB file that would unzip to gigabytes ("zip bomb") costs a few megabytes and well under a second.
 * The directory's sizes are not trusted: the stream is what is counted.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { AppError } from '../../shared/errors.ts';
import { checkRowsWhileReading, IMPORT_LIMITS, unzippedTooLarge } from '../../shared/import/limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export const notAZip = (): AppError =>
  new AppError(
    'VALIDATION',
    'The file cannot be read as an Excel workbook (its zip directory is damaged). Open it in Excel and save it as .xlsx or CSV, then import again.',
  );

/** The entries a zip's central directory lists (no ZIP64: refused as too large). */
export function centralDirectory(bytes: Buffer): ZipEntry[] {
  // The end-of-central-directory record: within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notAZip();
  const count = bytes.readUInt16LE(eocd + 10);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw unzippedTooLarge('bytes', Number.POSITIVE_INFINITY);
  if (count > IMPORT_LIMITS.xlsxParts) throw unzippedTooLarge('parts', count);
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw notAZip();
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
    };
    // Zip64 (a part of 4 GB or more) has no place in a register workbook.
    if (
      entry.size === 0xffffffff ||
      entry.compressedSize === 0xffffffff ||
      entry.localOffset === 0xffffffff
    ) {
      throw unzippedTooLarge('bytes', Number.POSITIVE_INFINITY);
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The stored (usually deflated) bytes of one entry. */
export function entryData(bytes: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw notAZip();
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  if (start + e.compressedSize > bytes.length) throw notAZip();
  return bytes.subarray(start, start + e.compressedSize);
}

/**
 * Counts `<row` and `<c` element starts across chunk boundaries, scanning bytes (no strings, no regex): `<c` then a
 * space, `/`, `>`, tab or line break; `<row` likewise. A start whose deciding byte falls in the next chunk is
 * counted there (the last four bytes are kept). One loop over the bytes (issue 14: not an `indexOf` call per `<`,
 * and the chunk is not copied behind the kept bytes); the same counts as before, whatever the chunking (compared
 * with the old counter in test/integration/import/xlsx-one-pass.test.ts).
 */
export class XmlCounter {
  rows = 0;
  cells = 0;
  private tail: Buffer = Buffer.alloc(0);
  add(chunk: Buffer): void {
    const seen = this.tail.length;
    const n = chunk.length;
    if (seen) {
      // Starts in the kept bytes, decided by a byte of this chunk: the kept bytes and this chunk's first few.
      const join = Buffer.concat([this.tail, chunk.subarray(0, 8)]);
      for (let i = 0; i < seen; i++) if (join[i] === 0x3c) this.at(join, i, seen);
    }
    for (let i = 0; i < n; i++) if (chunk[i] === 0x3c) this.at(chunk, i, 0);
    // Keep the last few bytes: an element name may be split between chunks.
    this.tail =
      n >= 4
        ? Buffer.from(chunk.subarray(n - 4))
        : Buffer.from(Buffer.concat([this.tail, chunk]).subarray(-4));
  }
  /** The start at `buf[i]` (a `<`), counted when its deciding byte lies at or after `seen`. */
  private at(buf: Buffer, i: number, seen: number): void {
    if (buf[i + 1] === 0x63 /* c */ && i + 2 < buf.length) {
      if (isEnd(buf[i + 2]) && i + 3 > seen) this.cells++;
    } else if (buf[i + 1] === 0x72 && buf[i + 2] === 0x6f && buf[i + 3] === 0x77 && i + 4 < buf.length) {
      if (isEnd(buf[i + 4]) && i + 5 > seen) this.rows++;
    }
  }
}

function isEnd(b: number | undefined): boolean {
  return b === 0x20 || b === 0x2f || b === 0x3e || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** The size of the chunks `inflateWithBudget` hands over (each limit is checked after each). */
export const INFLATE_CHUNK = 256 * 1024;

export interface ZipScan {
  parts: number;
  unzippedBytes: number;
  cells: number;
  /** Rows of the largest sheet. */
  rows: number;
}

/** Where the scan hands a part's inflated bytes once they are counted (db/import/xlsx.ts reads its sheets so). */
export interface PartSink {
  /** A chunk that passed the limits; must not throw (a sink holds its own errors). */
  data(chunk: Buffer): void;
  /** The part ended within the limits. */
  end(): void;
}

/**
 * Throws a VALIDATION AppError the moment any limit is passed; otherwise says what is inside. With `sinkFor`, each
 * part's chunks are also handed, after they are counted, to the part's sink (if any): the reader's one pass, so
 * that no part is inflated twice and the limits still fire at the same chunk with the same amounts. With
 * `inflatedFor`, a deflated part the caller has already inflated whole (within its declared size) is counted from
 * those bytes, cut in the chunks the stream gives, instead of being inflated again.
 */
export async function scanXlsx(
  input: Uint8Array,
  sinkFor?: (entry: ZipEntry) => PartSink | null,
  inflatedFor?: (entry: ZipEntry) => Buffer | null,
): Promise<ZipScan> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const entries = centralDirectory(bytes);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > IMPORT_LIMITS.xlsxUnzippedBytes) throw unzippedTooLarge('bytes', declared);

  let total = 0;
  let cells = 0;
  let maxRows = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const data = entryData(bytes, e);
    const counter = new XmlCounter();
    const countable = e.name.toLowerCase().endsWith('.xml');
    const sink = sinkFor?.(e) ?? null;
    const check = (chunk: Buffer) => {
      total += chunk.length;
      if (total > IMPORT_LIMITS.xlsxUnzippedBytes) throw unzippedTooLarge('bytes', total);
      if (countable) {
        const before = counter.cells;
        counter.add(chunk);
        cells += counter.cells - before;
        if (cells > IMPORT_LIMITS.xlsxCells) throw unzippedTooLarge('cells', cells);
        checkRowsWhileReading(counter.rows, `A sheet of the workbook (${e.name})`);
      }
      sink?.data(chunk);
    };
    const inflated = e.method === 8 ? (inflatedFor?.(e) ?? null) : null;
    if (inflated) {
      // Inflated already (the reader's look ahead, within the declared size): the same bytes in the stream's chunks.
      for (let at = 0; at < inflated.length; at += INFLATE_CHUNK)
        check(inflated.subarray(at, Math.min(inflated.length, at + INFLATE_CHUNK)));
    } else if (e.method === 0) check(data);
    else if (e.method === 8) await inflateWithBudget(data, check);
    else throw notAZip();
    sink?.end();
    maxRows = Math.max(maxRows, counter.rows);
  }
  return { parts: entries.length, unzippedBytes: total, cells, rows: maxRows };
}

/**
 * Inflates an entry's bytes as a stream, handing each chunk to `onChunk` (which may throw to stop), in order.
 * The chunks are queued (up to a few) and handed over from `setImmediate`, so that the thread pool inflates the next
 * chunk while this thread reads the last (issue 14): the same chunks in the same order, a throw from `onChunk` stops
 * as before, and a damaged stream is reported only after the chunks inflated before the damage were handed over.
 */
export function inflateWithBudget(data: Buffer, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
    const queue: Buffer[] = [];
    let failed = false;
    let damaged = false;
    let ended = false;
    let scheduled = false;
    const handOver = () => {
      scheduled = false;
      if (failed) return;
      const chunk = queue.shift();
      if (chunk) {
        try {
          onChunk(chunk);
        } catch (e) {
          failed = true;
          inflate.destroy();
          reject(e as Error);
          return;
        }
      }
      if (queue.length) schedule();
      else if (damaged) {
        failed = true;
        reject(notAZip());
      } else if (ended) resolve();
      if (queue.length < 2 && inflate.isPaused() && !ended && !damaged) inflate.resume();
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(handOver);
    };
    inflate.on('data', (chunk: Buffer) => {
      if (failed) return;
      queue.push(chunk);
      if (queue.length >= 4) inflate.pause();
      schedule();
    });
    inflate.on('error', () => {
      if (failed) return;
      damaged = true;
      schedule();
    });
    inflate.on('end', () => {
      ended = true;
      schedule();
    });
    inflate.end(data);
  });
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The names of a workbook's sheets, read from its small `xl/workbook.xml` part alone (nothing else is unzipped):
 * lets a caller tell cheaply whether a file can be a given kind of workbook before loading it whole. Null when the
 * file is not a zip with that part, or the part is implausibly large for a sheet list.
 */
export function xlsxSheetNames(input: Uint8Array): string[] | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(bytes);
  } catch {
    return null;
  }
  const part = entries.find((e) => e.name.toLowerCase() === 'xl/workbook.xml');
  if (!part || part.size > 4 * 1024 * 1024) return null;
  let xml: string;
  try {
    const data = entryData(bytes, part);
    const raw =
      part.method === 0
        ? data
        : part.method === 8
          ? inflateRawSync(data, { maxOutputLength: 4 * 1024 * 1024 })
          : null;
    if (!raw) return null;
    xml = raw.toString('utf8');
  } catch {
    return null;
  }
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e] ?? ''),
  );
}
