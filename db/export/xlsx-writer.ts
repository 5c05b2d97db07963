// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the deep import below has no types of its own (electron/ compiles this file without db/'s .d.ts)
/// <reference path="./exceljs-theme.d.ts" />
/**
 * A small SpreadsheetML (XLSX) writer for the summary workbook: no per-cell objects, rows appended to each sheet as
 * XML text, and each sheet's text deflated in slices of about a megabyte as it grows (node:zlib, CRC-32 from
 * node:zlib's `crc32`), so a 100,000-row sheet is never held whole, neither as cells nor as text.
 *
 * What it writes is what the summary needs, and only that: strings (always as text, `t="str"`, never a formula —
 * a cell starting with = + - @ stays text), numbers and empty styled cells; a styles part built from the looks the
 * sheets used (bold/italic/size/colour fonts, solid fills, a thin grey border, alignment, custom number formats);
 * column widths, row heights, merged cells, a frozen header, A4 page setup fitted to the width, print titles,
 * header and footer. The layout of each part follows what exceljs wrote for the same workbook before, so readers
 * see the same cells, styles and widths.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import theme1 from 'exceljs/lib/xlsx/xml/theme1.js';

/** An ARGB colour, e.g. FF9A1A1A. */
export interface Argb {
  argb: string;
}

/** How a cell looks, in the shape exceljs used (so the board sheets' code reads as before). */
export interface CellLook {
  font?: { bold?: boolean; italic?: boolean; size?: number; color?: Argb } | undefined;
  fill?: { type: 'pattern'; pattern: 'solid'; fgColor: Argb } | undefined;
  /** Thin grey on all four sides, or none. */
  border?: 'thin' | undefined;
  alignment?: { horizontal?: 'left' | 'center'; vertical?: 'top' | 'middle'; wrapText?: boolean } | undefined;
  /** A custom number format, e.g. `0 "Amber"`. */
  numFmt?: string | undefined;
}

export type CellValue = string | number | null;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

// The control characters are the point: XML 1.0 cannot carry them, so they are found and dropped.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const ESCAPES = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ENTITY: Record<string, string> = {
  '"': '&quot;',
  '&': '&amp;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Text for XML: the five entities escaped, and the control characters XML 1.0 cannot carry dropped. */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (ch) => ENTITY[ch] ?? '');
}

/** A, B, … Z, AA, AB, … for a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const COLUMN_NAMES = Array.from({ length: 64 }, (_, i) => columnName(i + 1));
const col = (n: number) => COLUMN_NAMES[n - 1] ?? columnName(n);

/** The looks used by the sheets, numbered as the styles part's cell formats. */
class Styles {
  private readonly fonts = new Map<string, number>([['', 0]]);
  private readonly fontXml: string[] = [
    '<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>',
  ];
  private readonly fills = new Map<string, number>();
  private readonly fillXml: string[] = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly numFmts = new Map<string, number>();
  private readonly xfs = new Map<string, number>([['0,0,0,0,', 0]]);
  private readonly xfXml: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  /** The cell format number of a look (the same look always gives the same number). */
  id(look: CellLook | undefined): number {
    if (!look) return 0;
    const font = this.font(look.font);
    const fill = look.fill ? this.fill(look.fill.fgColor.argb) : 0;
    const border = look.border === 'thin' ? 1 : 0;
    const numFmt = look.numFmt === undefined ? 0 : this.numFmt(look.numFmt);
    const a = look.alignment;
    const align = a
      ? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`
      : '';
    const key = `${numFmt},${font},${fill},${border},${align}`;
    let id = this.xfs.get(key);
    if (id === undefined) {
      id = this.xfXml.length;
      this.xfs.set(key, id);
      const applies =
        (numFmt ? ' applyNumberFormat="1"' : '') +
        (font ? ' applyFont="1"' : '') +
        (fill ? ' applyFill="1"' : '') +
        (border ? ' applyBorder="1"' : '') +
        (align ? ' applyAlignment="1"' : '');
      const head = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}`;
      this.xfXml.push(align ? `${head}>${align}</xf>` : `${head}/>`);
    }
    return id;
  }

  private font(f: CellLook['font']): number {
    if (!f) return 0;
    const xml =
      '<font>' +
      (f.bold ? '<b/>' : '') +
      (f.italic ? '<i/>' : '') +
      (f.color ? `<color rgb="${xmlText(f.color.argb)}"/>` : '') +
      (f.size !== undefined ? `<sz val="${f.size}"/>` : '') +
      '</font>';
    let id = this.fonts.get(xml);
    if (id === undefined) {
      id = this.fontXml.length;
      this.fonts.set(xml, id);
      this.fontXml.push(xml);
    }
    return id;
  }

  private fill(argb: string): number {
    let id = this.fills.get(argb);
    if (id === undefined) {
      id = this.fillXml.length;
      this.fills.set(argb, id);
      this.fillXml.push(
        `<fill><patternFill patternType="solid"><fgColor rgb="${xmlText(argb)}"/></patternFill></fill>`,
      );
    }
    return id;
  }

  private numFmt(code: string): number {
    let id = this.numFmts.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(code, id);
    }
    return id;
  }

  xml(): string {
    const grey = '<color rgb="FF808080"/>';
    const thin = (side: string) => `<${side} style="thin">${grey}</${side}>`;
    const numFmts = [...this.numFmts].map(
      ([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`,
    );
    return (
      XML_HEAD +
      `<styleSheet xmlns="${NS_MAIN}">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${this.fontXml.length}">${this.fontXml.join('')}</fonts>` +
      `<fills count="${this.fillXml.length}">${this.fillXml.join('')}</fills>` +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      `<border>${thin('left')}${thin('right')}${thin('top')}${thin('bottom')}<diagonal/></border></borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfXml.length}">${this.xfXml.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

/** One ZIP entry, deflated: its compressed slices, CRC-32 and sizes. */
interface Entry {
  name: string;
  chunks: Buffer[];
  crc: number;
  size: number;
  compressed: number;
}

/** How every slice is deflated, here or in the deflate thread: the same call, so the same bytes either way. */
function deflateSlice(data: Uint8Array, last: boolean): Buffer {
  return deflateRawSync(data, {
    // Level 1, as the exceljs streaming writer (the floor) deflates: measured on the 100,000-risk workbook's
    // sheets (103 MB of XML), 0.58 s of CPU for 17.7 MB against level 6's 1.95 s for 13.2 MB.
    level: 1,
    finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
  });
}

/**
 * The deflate thread's code (a worker thread made from this text, so every host — Electron's bundles, the CLI, the
 * tests — runs it without a file of its own). Each message is one slice, in an ArrayBuffer moved here (not
 * copied); it is deflated as `deflateSlice` does and sent back moved too, with its deflated bytes in an
 * ArrayBuffer of their exact size.
 */
const DEFLATE_THREAD = `
const { parentPort } = require('node:worker_threads');
const { constants, deflateRawSync } = require('node:zlib');
parentPort.on('message', ({ id, slice, length, last }) => {
  try {
    const out = deflateRawSync(new Uint8Array(slice, 0, length), {
      level: 1,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    });
    // zlib's joined output is usually a buffer of its own, moved as it is; otherwise (a view of a pool) a copy.
    let deflated = out.buffer;
    if (out.byteOffset !== 0 || out.byteLength !== deflated.byteLength) {
      deflated = new ArrayBuffer(out.length);
      new Uint8Array(deflated).set(out);
    }
    parentPort.postMessage({ id, slice, deflated }, [slice, deflated]);
  } catch (e) {
    parentPort.postMessage({ id, slice, error: String(e && e.message || e) }, [slice]);
  }
});`;

interface DeflateReply {
  id: number;
  slice: ArrayBuffer;
  deflated?: ArrayBuffer;
  error?: string;
}

/**
 * The slices of a workbook's large sheets, deflated in a worker thread while this thread makes the next rows: the
 * deflating (a fifth of the export's CPU at 100,000 risks) leaves the thread the export runs on. The slice buffers
 * go back and forth (moved, never copied), so the memory in use is a fixed few megabytes of slices whatever the
 * workbook's size, and each deflated slice comes back in a buffer of its own exact size. At most `MAX_IN_FLIGHT`
 * slices are out at once: a sheet written without pause (no `await` between its rows) deflates the next ones
 * here, and the summary table waits (`XlsxWriter.drain`) instead.
 */
class DeflateThread {
  private readonly worker: Worker;
  private readonly free: Buffer[] = [];
  private readonly waiting = new Map<number, (out: Buffer) => void>();
  private nextId = 1;
  private failure: Error | null = null;
  /** Resolved (and replaced) at each reply, for `settle`. */
  private replied: { promise: Promise<void>; resolve: () => void } = withResolve();
  /** Slices sent to the thread (the tests' check that it was used). */
  sent = 0;

  constructor() {
    this.worker = new Worker(DEFLATE_THREAD, {
      eval: true,
      // The smallest young generation: the thread makes few objects, and its garbage (zlib's output pieces) is
      // memory outside the heap, freed only when their wrappers are collected. Measured on the 100,000-risk
      // summary sheet: the process's peak rose 50 MB with 1 MB here, 65 MB with 16 MB (14 MB of it the output).
      resourceLimits: { maxYoungGenerationSizeMb: 1 },
    });
    // Only slices in flight keep the process alive (see `send`).
    this.worker.unref();
    this.worker.on('message', (reply: DeflateReply) => {
      this.free.push(Buffer.from(reply.slice));
      const done = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error !== undefined)
        this.failure ??= new Error(`Deflating the workbook failed: ${reply.error}`);
      else if (done && reply.deflated) done(Buffer.from(reply.deflated));
      this.wake();
    });
    this.worker.on('error', (e) => {
      this.failure ??= e;
      this.waiting.clear();
      this.wake();
    });
    this.worker.on('exit', () => {
      if (this.waiting.size > 0) this.failure ??= new Error('The deflate thread stopped.');
      this.waiting.clear();
      this.wake();
    });
  }

  private wake(): void {
    if (this.waiting.size === 0) this.worker.unref();
    const r = this.replied;
    this.replied = withResolve();
    r.resolve();
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /** An empty slice buffer: one come back from the thread, or a new one (its own memory, to be moved). */
  slice(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(SLICE);
  }

  /** Sends the first `length` bytes of `slice` (from `slice()`; moved: unusable here after) to be deflated. */
  send(slice: Buffer, length: number, last: boolean, done: (out: Buffer) => void): void {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    this.waiting.set(id, done);
    this.sent += 1;
    const buffer = slice.buffer as ArrayBuffer;
    this.worker.postMessage({ id, slice: buffer, length, last }, [buffer]);
  }

  /** Waits until at most `most` slices are in flight; a failed deflate throws here. */
  async settle(most: number): Promise<void> {
    while (this.waiting.size > most && !this.failure) await this.replied.promise;
    if (this.failure) throw this.failure;
  }

  /** Waits for every slice, then stops the thread. */
  async close(): Promise<void> {
    try {
      await this.settle(0);
    } finally {
      await this.worker.terminate();
    }
  }
}

function withResolve(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Slices out to the deflate thread at most: more would only hold more megabytes of text waiting. */
const MAX_IN_FLIGHT = 3;

/**
 * Deflates text slice by slice into one raw deflate stream (each slice ends on a sync flush, the last one final).
 * Each slice is deflated on its own (`deflateSlice`), here or in the deflate thread: its bytes have their place in
 * the part whichever finishes first.
 */
class DeflatedPart {
  private readonly chunks: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private compressed = 0;

  private readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  add(text: string | Uint8Array, last: boolean): void {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    const out = deflateSlice(data, last);
    this.compressed += out.length;
    this.chunks.push(out);
  }

  /** Adds the first `length` bytes of `slice`, deflated by `thread`: the slice is the thread's from here on. */
  send(thread: DeflateThread, slice: Buffer, length: number, last: boolean): void {
    const data = slice.subarray(0, length);
    this.crc = crc32(data, this.crc);
    this.size += length;
    const at = this.chunks.length;
    this.chunks.push(EMPTY);
    thread.send(slice, length, last, (out) => {
      this.chunks[at] = out;
      this.compressed += out.length;
    });
  }

  /** The entry, once every slice sent to the deflate thread is back (`DeflateThread.settle(0)`). */
  entry(): Entry {
    return {
      name: this.name,
      chunks: this.chunks,
      crc: this.crc,
      size: this.size,
      compressed: this.compressed,
    };
  }
}

const EMPTY = Buffer.alloc(0);

function part(name: string, text: string): Entry {
  const p = new DeflatedPart(name);
  p.add(text, true);
  return p.entry();
}

/**
 * The entries as a ZIP file (deflate, sizes known up front, no data descriptors; dates fixed at 1980-01-01), in the
 * pieces it is made of: each entry's header and deflated slices, then the central directory.
 */
function zip(entries: Entry[]): Buffer[] {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4); // made by
    head.writeUInt16LE(20, 6); // version needed
    head.writeUInt16LE(0x0800, 8);
    head.writeUInt16LE(8, 10);
    head.writeUInt16LE(DOS_TIME, 12);
    head.writeUInt16LE(DOS_DATE, 14);
    head.writeUInt32LE(e.crc >>> 0, 16);
    head.writeUInt32LE(e.compressed, 20);
    head.writeUInt32LE(e.size, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt32LE(offset, 42);
    central.push(head, name);
    out.push(local, name, ...e.chunks);
    offset += 30 + name.length + e.compressed;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset > 0xffff_ffff || entries.length > 0xffff) {
    throw new Error('The workbook is too large for a ZIP file without ZIP64.');
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...out, ...central, end];
}

/** Pieces joined into one Uint8Array (over the joined buffer's memory: not copied a second time). */
export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  const file = Buffer.concat(pieces);
  return new Uint8Array(file.buffer, file.byteOffset, file.length);
}

export interface SheetOptions {
  /** Column widths in characters, from column A. */
  widths: readonly number[];
  landscape: boolean;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  /** Rows frozen at the top (the header stays in view). */
  frozenRows?: number | undefined;
  /** The row repeated at the top of every printed page. */
  printTitlesRow?: number | undefined;
  horizontalCentered?: boolean | undefined;
  /** Header and footer codes (&L, &C, &R, &P, &N…), as Excel takes them. */
  oddHeader?: string | undefined;
  oddFooter?: string | undefined;
}

/**
 * Slices of this many bytes are deflated as the sheet grows. Each row's XML is encoded into the slice's buffer as
 * it is made: one long string of a megabyte of rows cost more to flatten and encode than the rows themselves.
 */
const SLICE = 1 << 20;

/** One worksheet, written row by row (rows in increasing order). */
export class SheetWriter {
  /** Its own memory (not a view of a shared pool), so it can be moved to the deflate thread. */
  private slice: Buffer = Buffer.allocUnsafeSlow(SLICE);
  private used = 0;
  private readonly part: DeflatedPart;
  private readonly merges: string[] = [];
  private lastRow = 0;
  private done = false;
  private readonly book: XlsxWriter;
  readonly name: string;
  private readonly options: SheetOptions;

  constructor(book: XlsxWriter, name: string, index: number, options: SheetOptions) {
    this.book = book;
    this.name = name;
    this.options = options;
    this.part = new DeflatedPart(`xl/worksheets/sheet${index}.xml`);
    const frozen = options.frozenRows;
    this.write(
      XML_HEAD +
        `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
        (frozen
          ? '<sheetViews><sheetView workbookViewId="0">' +
            `<pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/>` +
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
          : '') +
        '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0"/>' +
        (options.widths.length ? `<cols>${colsXml(options.widths)}</cols>` : '') +
        '<sheetData>',
    );
  }

  /** Appends XML text to the slice, deflating the slice first when the text might not fit. */
  private write(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.used + text.length * 3 > SLICE) {
      this.flush(false);
      if (text.length * 3 > SLICE) {
        this.part.add(text, false);
        return;
      }
    }
    this.used += this.slice.write(text, this.used, 'utf8');
  }

  /**
   * Deflates the slice (the last one ending the part). A full slice goes to the deflate thread when the book has
   * one and fewer than `MAX_IN_FLIGHT` slices are out, and this sheet goes on in a new slice; the last slice goes
   * there too once the thread is running. Otherwise (a small sheet, or a backlog) it is deflated here.
   */
  private flush(last: boolean): void {
    if (this.used > 0 || last) {
      const thread = this.book.deflateThread(!last);
      if (thread && thread.inFlight < MAX_IN_FLIGHT) {
        this.part.send(thread, this.slice, this.used, last);
        this.slice = thread.slice();
      } else this.part.add(this.slice.subarray(0, this.used), last);
    }
    this.used = 0;
  }

  /** The cell format number of a look, for cells written with `rowXml`. */
  style(look: CellLook | undefined): number {
    return this.book.styles.id(look);
  }

  /**
   * A row of cells from column A: each value with its cell format number (0 for none). Null values (and styles
   * past the last value, as on merged cells) are written only when styled. Height in points, or none for the default.
   */
  row(r: number, values: readonly CellValue[], styles: readonly number[], height?: number): void {
    if (r <= this.lastRow) throw new Error(`Row ${r} comes after row ${this.lastRow}.`);
    this.lastRow = r;
    let xml = height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${height}" customHeight="1">`;
    const n = Math.max(values.length, styles.length);
    for (let i = 0; i < n; i += 1) {
      const v = values[i] ?? null;
      const s = styles[i] ?? 0;
      const ref = col(i + 1) + r;
      const sAttr = s ? ` s="${s}"` : '';
      if (typeof v === 'string') xml += `<c r="${ref}"${sAttr} t="str"><v>${xmlText(v)}</v></c>`;
      else if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${ref}"${sAttr}><v>${v}</v></c>`;
      else if (s) xml += `<c r="${ref}"${sAttr}/>`;
    }
    this.write(`${xml}</row>`);
  }

  /** Merge columns `from`..`to` of row `r` (the top-left cell keeps the value). */
  merge(r: number, from: number, to: number): void {
    this.merges.push(`<mergeCell ref="${col(from)}${r}:${col(to)}${r}"/>`);
  }

  /** Ends the sheet: merges, print settings, header and footer. Its entry is ready once the book's slices are. */
  close(): DeflatedPart {
    if (this.done) throw new Error(`Sheet ${this.name} is already closed.`);
    this.done = true;
    const o = this.options;
    const m = o.margins;
    const hf =
      o.oddHeader || o.oddFooter
        ? '<headerFooter>' +
          (o.oddHeader ? `<oddHeader>${xmlText(o.oddHeader)}</oddHeader>` : '') +
          (o.oddFooter ? `<oddFooter>${xmlText(o.oddFooter)}</oddFooter>` : '') +
          '</headerFooter>'
        : '';
    this.write(
      '</sheetData>' +
        (this.merges.length
          ? `<mergeCells count="${this.merges.length}">${this.merges.join('')}</mergeCells>`
          : '') +
        (o.horizontalCentered ? '<printOptions horizontalCentered="1"/>' : '') +
        `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
        `<pageSetup paperSize="9" orientation="${o.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
        hf +
        '</worksheet>',
    );
    this.flush(true);
    return this.part;
  }

  get printTitlesRow(): number | undefined {
    return this.options.printTitlesRow;
  }
}

/** `<col>` elements, neighbouring columns of the same width grouped as exceljs did. */
function colsXml(widths: readonly number[]): string {
  let xml = '';
  for (let i = 0; i < widths.length;) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i]) j += 1;
    xml += `<col min="${i + 1}" max="${j + 1}" width="${widths[i]}" customWidth="1"/>`;
    i = j + 1;
  }
  return xml;
}

export interface BookProperties {
  creator: string;
  created: Date;
  description?: string | undefined;
}

/** The workbook: sheets in the order they are added, then the package parts around them. */
export class XlsxWriter {
  readonly styles = new Styles();
  private readonly sheets: { name: string; entry: DeflatedPart | null; titles: number | undefined }[] = [];
  private open: SheetWriter | null = null;

  private readonly props: BookProperties;
  private readonly useThread: boolean;
  private thread: DeflateThread | null = null;
  private closed = false;
  private sentBefore = 0;

  /**
   * `deflateThread`: large sheets' slices are deflated in a worker thread of the book's own, started at the first
   * full slice (a workbook of small sheets never starts it) and stopped by `finishPieces` or `close`.
   */
  constructor(props: BookProperties, { deflateThread = false }: { deflateThread?: boolean } = {}) {
    this.props = props;
    this.useThread = deflateThread;
  }

  /** The deflate thread: started when `start` (a full slice is ready) and the book deflates in a thread. */
  deflateThread(start: boolean): DeflateThread | null {
    if (!this.thread && start && this.useThread && !this.closed) this.thread = new DeflateThread();
    return this.thread;
  }

  /** Slices sent to the deflate thread so far (0 when everything was deflated in this thread). */
  get slicesOffThread(): number {
    return this.sentBefore + (this.thread?.sent ?? 0);
  }

  /** As many slices are out to the deflate thread as it takes: a sheet that can wait should (`drain`). */
  get backlogged(): boolean {
    return this.thread !== null && this.thread.inFlight >= MAX_IN_FLIGHT;
  }

  /** Waits until the deflate thread can take another slice (a failed deflate throws here). */
  async drain(): Promise<void> {
    await this.thread?.settle(MAX_IN_FLIGHT - 1);
  }

  /** Stops the deflate thread, if any (done by `finishPieces`; for a book given up before it is finished). */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = null;
    if (thread) {
      this.sentBefore += thread.sent;
      await thread.close();
    }
  }

  /** Starts the next sheet (the previous one must be closed with `endSheet`). */
  addSheet(name: string, options: SheetOptions): SheetWriter {
    if (this.open) throw new Error(`Sheet ${this.open.name} is still open.`);
    const ws = new SheetWriter(this, name, this.sheets.length + 1, options);
    this.sheets.push({ name, entry: null, titles: options.printTitlesRow });
    this.open = ws;
    return ws;
  }

  endSheet(ws: SheetWriter): void {
    if (this.open !== ws) throw new Error(`Sheet ${ws.name} is not the open sheet.`);
    const sheet = this.sheets.find((s) => s.name === ws.name && s.entry === null);
    if (sheet) sheet.entry = ws.close();
    this.open = null;
  }

  /** The whole .xlsx file. */
  async finish(): Promise<Uint8Array> {
    return joinPieces(await this.finishPieces());
  }

  /**
   * The whole .xlsx file in the pieces it was made in (headers and deflated slices), to be written one after the
   * other (`writeFileAtomic` takes them): at 100,000 risks, joining them was 18 MB more at the export's peak.
   */
  async finishPieces(): Promise<Buffer[]> {
    if (this.open) this.endSheet(this.open);
    const sheets = this.sheets;
    const n = sheets.length;
    const quote = (name: string) => `'${name.replace(/'/g, "''")}'`;
    const names = sheets
      .map((s, i) =>
        s.titles === undefined
          ? ''
          : `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${quote(s.name)}!$${s.titles}:$${s.titles}`)}</definedName>`,
      )
      .join('');
    const when = this.props.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const entries: (Entry | DeflatedPart)[] = [
      part(
        '[Content_Types].xml',
        XML_HEAD +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          sheets
            .map(
              (_, i) =>
                `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
            )
            .join('') +
          '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
          '</Types>',
      ),
      part(
        '_rels/.rels',
        XML_HEAD +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
          `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
          '</Relationships>',
      ),
      part(
        'docProps/app.xml',
        XML_HEAD +
          '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
          `<Application>${xmlText(this.props.creator)}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
          '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
          `<vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
          `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
          '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>' +
          '</Properties>',
      ),
      part(
        'docProps/core.xml',
        XML_HEAD +
          '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<dc:creator>${xmlText(this.props.creator)}</dc:creator>` +
          (this.props.description
            ? `<dc:description>${xmlText(this.props.description)}</dc:description>`
            : '') +
          `<cp:lastModifiedBy>${xmlText(this.props.creator)}</cp:lastModifiedBy>` +
          `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
          `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
          '</cp:coreProperties>',
      ),
      part(
        'xl/workbook.xml',
        XML_HEAD +
          `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
          '<workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
          `<sheets>${sheets.map((s, i) => `<sheet sheetId="${i + 1}" name="${xmlText(s.name)}" state="visible" r:id="rId${i + 3}"/>`).join('')}</sheets>` +
          (names ? `<definedNames>${names}</definedNames>` : '') +
          '<calcPr calcId="171027"/></workbook>',
      ),
      part(
        'xl/_rels/workbook.xml.rels',
        XML_HEAD +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${NS_REL}/styles" Target="styles.xml"/>` +
          `<Relationship Id="rId2" Type="${NS_REL}/theme" Target="theme/theme1.xml"/>` +
          sheets
            .map(
              (_, i) =>
                `<Relationship Id="rId${i + 3}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
            )
            .join('') +
          '</Relationships>',
      ),
      part('xl/theme/theme1.xml', theme1),
      part('xl/styles.xml', this.styles.xml()),
      ...sheets.map((s) => {
        if (!s.entry) throw new Error(`Sheet ${s.name} was never closed.`);
        return s.entry;
      }),
    ];
    // Every slice out to the deflate thread back in its place, and the thread stopped.
    await this.close();
    return zip(entries.map((e) => (e instanceof DeflatedPart ? e.entry() : e)));
  }
}
