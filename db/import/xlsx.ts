/**
 * XLSX → rows of cells, read straight from the sheet XML (issue 14): the zip's parts are inflated as streams and
 * each complete run of `<row>` elements is scanned as it arrives, with the shared strings table, the number formats
 * (which numbers are dates) and the merged ranges — never a whole workbook object. The cells are the same as
 * exceljs's whole-workbook reader gave (test/integration/import/reference/xlsx-exceljs.ts, compared cell by cell in
 * test/integration/import/xlsx-stream.test.ts): cells are data, never formulas — a formula cell gives its last
 * calculated value and says it was a formula; text that begins with = + - @ stays text; a cell covered by a merge
 * reads as the merge's top-left cell, marked `merged`.
 */
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../shared/errors.ts';
import { scoreHeaderRow } from '../../shared/import/headers.ts';
import { IMPORT_LIMITS, unzippedTooLarge } from '../../shared/import/limits.ts';
import { cellText } from '../../shared/import/cells.ts';
import type {
  CellValue,
  ImportMapping,
  SourceCell,
  SourceRow,
  SourceTable,
} from '../../shared/import/types.ts';
import {
  centralDirectory,
  entryData,
  INFLATE_CHUNK,
  inflateWithBudget,
  notAZip,
  type PartSink,
  scanXlsx,
  type ZipEntry,
} from './zip-scan.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A cell as the reader holds it (shared/import/types.ts `CellValue`): a cell of text alone is its text, a string (as
 * a CSV cell is), a cell of a number alone that number, and only a cell that says more (a date, a formula, a merge)
 * an object (issue 14: at 100,000 rows ~800,000 objects fewer made and promoted while the sheet streams).
 */
type Cell = CellValue;

/** A date cell as the import sees it: dd/mm/yyyy text and the ISO date. */
function dateCell(d: Date): Cell {
  if (Number.isNaN(d.getTime())) return '';
  const iso = isoDate(d);
  return { text: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, date: iso };
}

/** Excel's serial day number → the moment (exceljs's arithmetic, so dates read as they always did). */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** A number format that shows a date or time (exceljs's rule: y m d h s b outside quotes and brackets). */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Built-in number formats that are dates or times (ids 14–22 and 45–47; the others are not). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    ENTITY,
    (m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name] ?? m;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    },
  );
}

const ATTR_PATTERNS = new Map<string, RegExp>();

function attr(attrs: string, name: string): string | undefined {
  let re = ATTR_PATTERNS.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTR_PATTERNS.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? xmlText(m[1] ?? m[2] ?? '') : undefined;
}

/** A cell's `r`, `s` and `t` attributes in one pass (the hot path: every cell of the sheet). */
const CELL_ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
function cellAttrs(attrs: string): { r?: string; s?: string; t?: string } {
  const out: { r?: string; s?: string; t?: string } = {};
  CELL_ATTR.lastIndex = 0;
  for (let m = CELL_ATTR.exec(attrs); m; m = CELL_ATTR.exec(attrs)) {
    const name = m[1] ?? '';
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (local === 'r' || local === 's' || local === 't') out[local] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** The text of every `<t>` in an `<si>` or `<is>` (rich-text runs joined), phonetic guides (`<rPh>`) left out. */
const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const T_ELEMENT = /<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;
function runsText(xml: string): string {
  const src = xml.includes('rPh') ? xml.replace(PHONETIC, '') : xml;
  let text = '';
  T_ELEMENT.lastIndex = 0;
  for (let m = T_ELEMENT.exec(src); m; m = T_ELEMENT.exec(src)) text += m[1] ?? '';
  return xmlText(text);
}

/** "B12" → [12, 2]; "XFD1" → [1, 16384]; "$C$3" too. Null when it is not a cell address. */
function decodeAddress(ref: string): [number, number] | null {
  let i = 0;
  let col = 0;
  let row = 0;
  if (ref.charCodeAt(i) === 36) i++;
  const colStart = i;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === colStart || i - colStart > 3) return null;
  if (ref.charCodeAt(i) === 36) i++;
  const rowStart = i;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    row = row * 10 + d;
  }
  return i === rowStart ? null : [row, col];
}

function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A shared formula as it reads in another cell: relative references moved by the offset (exceljs's rule). */
function slideFormula(formula: string, from: string, to: string): string {
  const a = decodeAddress(from);
  const b = decodeAddress(to);
  if (!a || !b) return formula;
  return formula.replace(
    /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi,
    (whole, sheet: string | undefined, _s: string, part: string, paren: string | undefined) => {
      if (paren) return whole;
      const m = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i.exec(part);
      if (!m) return whole;
      const colText = (m[2] ?? '').toUpperCase();
      if (colText.length > 3 || (colText.length === 3 && colText > 'XFD')) return whole;
      let col = decodeAddress(`${colText}1`)?.[1] ?? 0;
      let row = Number(m[4]);
      if (!m[1]) col += b[1] - a[1];
      if (!m[3]) row += b[0] - a[0];
      return `${sheet ?? ''}${m[1] ?? ''}${columnName(col)}${m[3] ?? ''}${row}`;
    },
  );
}

interface Parts {
  bytes: Buffer;
  byName: Map<string, ZipEntry>;
  entries: ZipEntry[];
}

function findPart(parts: Parts, name: string): ZipEntry | undefined {
  return parts.byName.get(name.toLowerCase());
}

/** The stream chunk size of `inflateWithBudget`: a part inflated whole is handed over in pieces of this size. */
const CHUNK = INFLATE_CHUNK;

/**
 * A part inflated whole, within the unzip budget; with `exact`, within the size its zip directory declares (the
 * one-pass read's look ahead, which gives up rather than trust a part larger than declared).
 */
function inflatePart(parts: Parts, e: ZipEntry, exact = false): Buffer {
  const data = entryData(parts.bytes, e);
  try {
    if (e.method === 0) return data;
    if (e.method !== 8 && exact) throw notAZip();
    const max = exact ? Math.max(e.size, 1) : IMPORT_LIMITS.xlsxUnzippedBytes;
    return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    throw notAZip();
  }
}

/** A small part (workbook, relationships, styles) inflated whole, within the unzip budget. */
function smallPart(parts: Parts, name: string, exact = false): string | null {
  const e = findPart(parts, name);
  if (!e) return null;
  return inflatePart(parts, e, exact).toString('utf8');
}

/**
 * Cuts a part's inflated chunks after each complete `</name>` element (any namespace prefix): `push` gives the text
 * up to the last one, as bytes (null when there is none yet), `rest` what follows it at the end, as text.
 */
class Cutter {
  private readonly close: Buffer;
  /** The bytes after the last cut, kept as the chunks they came in (never copied together until a cut). */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  constructor(name: string) {
    this.close = Buffer.from(`${name}>`);
  }
  /**
   * Where the text is cut in `buf`: just after its last `</name>` (or `</prefix:name>`), -1 when it has none. With
   * `from` > 0 only closes ending after `from` are looked for (the bytes before were searched before), and -2 says
   * the answer depends on bytes before `buf` (a prefix reaching its start): the caller then searches the whole.
   */
  private cutAfterLastClose(buf: Buffer, from = 0, continued = false): number {
    const close = this.close;
    let p = buf.lastIndexOf(close);
    for (; p > 0; p = buf.lastIndexOf(close, p - 1)) {
      if (p + close.length <= from) return -1;
      let q = p - 1;
      if (buf[q] === 0x3a /* : */) {
        while (q > 0 && buf[q] !== 0x3c /* < */ && buf[q] !== 0x2f /* / */) q--;
      }
      if ((from > 0 || continued) && q <= 1) return -2;
      if (buf[q] === 0x2f && buf[q - 1] === 0x3c) return p + close.length;
    }
    return p === 0 && (from > 0 || continued) ? -2 : -1;
  }
  /** The text up to the last close so far, in one piece; null when there is none yet. */
  push(chunk: Buffer): Buffer | null {
    const pieces = this.pieces(chunk);
    return pieces === null ? null : pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  /**
   * The end of the first `row>` in `chunk` when it is a plain `</name>` lying wholly in `chunk` and ends at or before
   * `limit`; else -1. (A close across the seam with the pending bytes is then inside the first piece: each piece
   * still ends at a close.)
   */
  private firstPlainClose(chunk: Buffer, limit: number): number {
    const close = this.close;
    const p = chunk.indexOf(close);
    if (p < 2 || chunk[p - 1] !== 0x2f || chunk[p - 2] !== 0x3c) return -1;
    const end = p + close.length;
    return end <= limit ? end : -1;
  }

  /**
   * The same text as `push` gives, as the pieces to read in order: when bytes are pending, the pending bytes with
   * the new chunk up to its first plain close (a row or so, copied), then the rest of the chunk up to its last close
   * (not copied: issue 14, the whole chunk was copied behind the pending bytes, ~100 MB at 100,000 rows). Each piece
   * ends at a close, as every piece did. When the chunk's first `row>` is anything else (a prefixed close, text) the
   * one piece, as before.
   */
  pieces(chunk: Buffer): Buffer[] | null {
    if (this.pendingLength) {
      const cut = this.cutAfterLastClose(chunk, 0, true);
      const first = cut >= 0 ? this.firstPlainClose(chunk, cut) : -1;
      if (first > 0) {
        const head = Buffer.concat([...this.pending, chunk.subarray(0, first)]);
        this.pending = cut < chunk.length ? [Buffer.from(chunk.subarray(cut))] : [];
        this.pendingLength = chunk.length - cut;
        return first === cut ? [head] : [head, chunk.subarray(first, cut)];
      }
    }
    const whole = this.joined(chunk);
    return whole === null ? null : [whole];
  }

  private joined(chunk: Buffer): Buffer | null {
    let buf: Buffer;
    let cut: number;
    if (!this.pendingLength) {
      buf = chunk;
      cut = this.cutAfterLastClose(buf);
    } else {
      // The pending bytes hold no close (they follow the last cut): search the new chunk (a prefix reaching its
      // start is decided on the whole), then a close split between the two; a run without one is never copied.
      cut = this.cutAfterLastClose(chunk, 0, true);
      if (cut >= 0) cut += this.pendingLength;
      else if (cut === -1) {
        const last = this.pending[this.pending.length - 1] as Buffer;
        const keep = Math.min(last.length, 256);
        const window = Buffer.concat([last.subarray(last.length - keep), chunk.subarray(0, 256)]);
        cut = this.cutAfterLastClose(window, keep);
        if (cut === -1) {
          this.pending.push(chunk);
          this.pendingLength += chunk.length;
          return null;
        }
        if (cut >= 0) cut += this.pendingLength - keep;
      }
      buf = Buffer.concat([...this.pending, chunk]);
      if (cut === -2) cut = this.cutAfterLastClose(buf);
    }
    if (cut < 0) {
      this.pending = [Buffer.from(buf)];
      this.pendingLength = buf.length;
      return null;
    }
    this.pending = cut < buf.length ? [Buffer.from(buf.subarray(cut))] : [];
    this.pendingLength = buf.length - cut;
    return buf.subarray(0, cut);
  }
  rest(): string {
    const text = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingLength = 0;
    return text;
  }
}

/** Hands a part's inflated bytes to `onChunk` in the pieces the stream gives (a stored part in one). */
async function streamEntry(parts: Parts, e: ZipEntry, onChunk: (chunk: Buffer) => void): Promise<void> {
  const data = entryData(parts.bytes, e);
  if (e.method === 0) onChunk(data);
  else if (e.method === 8) await inflateWithBudget(data, onChunk);
  else throw notAZip();
}

const SI = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
function pushStrings(out: string[], text: string): void {
  SI.lastIndex = 0;
  for (let m = SI.exec(text); m; m = SI.exec(text)) out.push(m[1] ? runsText(m[1]) : '');
}

/**
 * `pushStrings` of a run of whole `<si>` elements, from its bytes: the commonest shape, `<si><t>…</t></si>` (with or
 * without `xml:space="preserve"`), read without regular expressions; any other `<si>` (rich text, phonetics, a
 * prefix) by `pushStrings` from its text, and a run whose extent is in any doubt to `pushStrings` whole.
 */
function pushStringsBytes(out: string[], b: Buffer): void {
  const n = b.length;
  let p = 0;
  let colonSi = b.indexOf(COLON_SI);
  while (p < n) {
    const q = b.indexOf(0x3c, p);
    if (q < 0) return;
    const kind = tagAt(b, q, SI_NAME);
    if (kind === 0) {
      p = q + 1;
      continue;
    }
    if (kind === 1 && b[q + 3] === 0x3e) {
      let a = q + 4;
      if (startsAt(b, a, T_OPEN)) a += T_OPEN.length;
      else if (startsAt(b, a, T_OPEN_SPACE)) a += T_OPEN_SPACE.length;
      else a = -1;
      if (a > 0) {
        let z = b.indexOf(0x3c, a);
        if (z < 0) z = n;
        if (startsAt(b, z, T_SI_CLOSE)) {
          out.push(xmlText(b.toString('utf8', a, z)));
          p = z + T_SI_CLOSE.length;
          continue;
        }
      }
    }
    const gt = kind === 1 ? b.indexOf(0x3e, q + 3) : -1;
    if (gt < 0) {
      pushStrings(out, b.toString('utf8', q, n));
      return;
    }
    if (b[gt - 1] === 0x2f) {
      out.push(''); // <si/>
      p = gt + 1;
      continue;
    }
    const end = b.indexOf(SI_CLOSE, gt + 1);
    if (colonSi >= 0 && colonSi < gt) colonSi = b.indexOf(COLON_SI, gt);
    if (end < 0 || (colonSi >= 0 && colonSi < end)) {
      pushStrings(out, b.toString('utf8', q, n));
      return;
    }
    p = end + SI_CLOSE.length;
    pushStrings(out, b.toString('utf8', q, p));
  }
}

async function sharedStrings(parts: Parts, path: string | undefined): Promise<string[]> {
  const e = path ? findPart(parts, path) : undefined;
  if (!e) return [];
  const out: string[] = [];
  const cutter = new Cutter('si');
  await streamEntry(parts, e, (chunk) => {
    const piece = cutter.push(chunk);
    if (piece !== null) pushStringsBytes(out, piece);
  });
  pushStrings(out, cutter.rest());
  return out;
}

/** The same strings from the part inflated whole (`raw`), cut in the pieces the stream would have given. */
function sharedStringsWhole(e: ZipEntry, raw: Buffer): string[] {
  const out: string[] = [];
  const cutter = new Cutter('si');
  const step = e.method === 0 ? Math.max(raw.length, 1) : CHUNK;
  for (let at = 0; at < raw.length; at += step) {
    const piece = cutter.push(raw.subarray(at, Math.min(raw.length, at + step)));
    if (piece !== null) pushStringsBytes(out, piece);
  }
  pushStrings(out, cutter.rest());
  return out;
}

/** For each cell style (`s`), whether its number format shows a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>?/g)) {
    const id = attr(m[1] ?? '', 'numFmtId');
    const code = attr(m[1] ?? '', 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), code);
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>?/g)].map((m) => {
    const id = Number(attr(m[1] ?? '', 'numFmtId') ?? 0);
    if (!id) return false;
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

interface SheetInfo {
  name: string;
  visible: boolean;
  path: string | undefined;
}

interface WorkbookInfo {
  sheets: SheetInfo[];
  date1904: boolean;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

function workbookInfo(parts: Parts, exact = false): WorkbookInfo {
  const rootRels = smallPart(parts, '_rels/.rels', exact) ?? '';
  const officeDoc = [...rootRels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>?/g)]
    .map((m) => m[1] ?? '')
    .find((a) => /\/officeDocument$/.test(attr(a, 'Type') ?? ''));
  const bookPath = officeDoc ? resolveTarget('', attr(officeDoc, 'Target') ?? '') : 'xl/workbook.xml';
  const book = smallPart(parts, bookPath, exact);
  if (book === null) throw notAZip();
  const relsPath = `${bookPath.split('/').slice(0, -1).join('/')}/_rels/${bookPath.split('/').pop() ?? ''}.rels`;
  const rels = new Map<string, { type: string; path: string }>();
  for (const m of (smallPart(parts, relsPath, exact) ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>?/g)) {
    const a = m[1] ?? '';
    const id = attr(a, 'Id');
    const target = attr(a, 'Target');
    if (id && target && attr(a, 'TargetMode') !== 'External')
      rels.set(id, { type: attr(a, 'Type') ?? '', path: resolveTarget(bookPath, target) });
  }
  const ofType = (t: string) => [...rels.values()].find((r) => r.type.endsWith(`/${t}`))?.path;
  const sheets: SheetInfo[] = [];
  for (const m of book.matchAll(/<(?:\w+:)?sheet\b([^>]*)>?/g)) {
    const a = m[1] ?? '';
    const rel = rels.get(attr(a, 'id') ?? '');
    // Only worksheets: a chart sheet or a dialog sheet holds no cells.
    if (rel && !rel.type.endsWith('/worksheet')) continue;
    const state = attr(a, 'state') ?? 'visible';
    sheets.push({ name: attr(a, 'name') ?? '', visible: state === 'visible', path: rel?.path });
  }
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>?/.exec(book)?.[1] ?? '';
  const d1904 = attr(pr, 'date1904');
  return {
    sheets,
    date1904: d1904 === '1' || d1904 === 'true',
    sharedStrings: ofType('sharedStrings') ?? 'xl/sharedStrings.xml',
    styles: ofType('styles') ?? 'xl/styles.xml',
  };
}

const ROW = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const FORMULA = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;
const VALUE = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const INLINE = /<(?:\w+:)?is\b[^>]*>([\s\S]*)<\/(?:\w+:)?is>/;
const MERGE = /<(?:\w+:)?mergeCell\b([^>]*)>?/g;

interface SheetContext {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** The value of a cell (or a formula's last result) by its type attribute, as exceljs read it. */
function typedValue(t: string | undefined, raw: string, isDate: boolean, ctx: SheetContext): Cell {
  switch (t) {
    case 's':
      return ctx.strings[parseInt(raw, 10)] ?? '';
    case 'str':
    case 'inlineStr':
      return xmlText(raw);
    case 'b':
      return parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return xmlText(raw);
    case 'd': {
      // An ISO date written as such (rare: Excel writes serial numbers).
      const d = new Date(xmlText(raw));
      return Number.isNaN(d.getTime()) ? xmlText(raw) : dateCell(d);
    }
    default: {
      const v = parseFloat(raw);
      if (isDate) return dateCell(excelToDate(v, ctx.date1904));
      return v;
    }
  }
}

interface SheetRead {
  rows: SourceRow[];
  /** False when reading stopped after the first `cap` rows with anything in them. */
  complete: boolean;
}

const hasText = (cells: readonly Cell[]) => cells.some((c) => cellText(c).trim() !== '');

/**
 * Rows with anything in them, in row order. A sheet's rows are almost always read in order (the map's order is then
 * row order): taken as they are, without a list of entries made and sorted (issue 14: 100,000 pairs at 100,000 rows).
 */
function filledRows(rows: Map<number, Cell[]>): SourceRow[] {
  const out: SourceRow[] = [];
  let last = -Infinity;
  for (const [row, cells] of rows) {
    if (row < last) {
      return [...rows.entries()]
        .sort((a, b) => a[0] - b[0])
        .filter(([, c]) => hasText(c))
        .map(([r, c]) => ({ row: r, cells: c }));
    }
    last = row;
    if (hasText(cells)) out.push({ row, cells });
  }
  return out;
}

const ROW_NAME = Buffer.from('row');
const C_NAME = Buffer.from('c');
const ROW_CLOSE = Buffer.from('</row>');
const C_CLOSE = Buffer.from('</c>');
const COLON_ROW = Buffer.from(':row>');
const COLON_C = Buffer.from(':c>');
const V_OPEN = Buffer.from('<v>');
const V_CLOSE = Buffer.from('</v>');
const IS_OPEN = Buffer.from('<is>');
const IS_CLOSE = Buffer.from('</is>');
const T_OPEN = Buffer.from('<t>');
const T_OPEN_SPACE = Buffer.from('<t xml:space="preserve">');
const T_CLOSE = Buffer.from('</t>');
const SI_NAME = Buffer.from('si');
const SI_CLOSE = Buffer.from('</si>');
const COLON_SI = Buffer.from(':si>');
const T_SI_CLOSE = Buffer.from('</t></si>');
const V_C_CLOSE = Buffer.from('</v></c>');
const T_IS_C_CLOSE = Buffer.from('</t></is></c>');

/**
 * A cell's `t` attribute `b[a, z)` as text: the types a sheet holds are a handful, so each is one constant string
 * rather than a string made per cell (issue 14: ~500,000 at 100,000 rows); any other value is made as before.
 */
function cellType(b: Buffer, a: number, z: number): string {
  const n = z - a;
  const c = b[a];
  if (n === 1) {
    if (c === 0x73) return 's';
    if (c === 0x6e) return 'n';
    if (c === 0x62) return 'b';
    if (c === 0x65) return 'e';
    if (c === 0x64) return 'd';
  } else if (n === 3 && c === 0x73 && b[a + 1] === 0x74 && b[a + 2] === 0x72) return 'str';
  else if (n === 9 && startsAt(b, a, INLINE_STR)) return 'inlineStr';
  return b.toString('latin1', a, z);
}

const INLINE_STR = Buffer.from('inlineStr');

function startsAt(b: Buffer, at: number, s: Buffer): boolean {
  if (at < 0 || at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s[i]) return false;
  return true;
}

const isWordByte = (c: number | undefined) =>
  c !== undefined &&
  ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f);

/**
 * What `<(?:\w+:)?NAME\b` sees at the `<` at `q`: 0 no element of that name starts here, 1 a plain `<NAME`
 * followed by a space, `>` or `/`, 2 anything else it matches (a prefix, an odd character after the name; or a
 * non-ASCII byte, which `\b` judges by characters): the caller then leaves it to the regular expressions.
 */
function tagAt(b: Buffer, q: number, name: Buffer): 0 | 1 | 2 {
  let i = q + 1;
  if (startsAt(b, i, name)) {
    const next = b[i + name.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f) return 1;
    if (next === undefined || !isWordByte(next)) return 2;
  }
  // A prefix: word characters then ':'.
  while (isWordByte(b[i])) i++;
  if (b[i] === 0x3a && i > q + 1) return 2;
  // A non-ASCII byte in a name: leave it to the expressions.
  for (let k = q + 1; k < i + 1 && k < b.length; k++) if ((b[k] as number) >= 0x80) return 2;
  return 0;
}

/** `decodeAddress` of the bytes `b[from, to)`: its column, 0 when it is not a cell address. */
function decodeAddressBytes(b: Buffer, from: number, to: number): number {
  let i = from;
  let col = 0;
  if (b[i] === 36) i++;
  const colStart = i;
  for (; i < to; i++) {
    const c = (b[i] as number) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === colStart || i - colStart > 3) return 0;
  if (b[i] === 36) i++;
  const rowStart = i;
  for (; i < to; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return 0;
  }
  return i === rowStart ? 0 : col;
}

/** What one worksheet read gave: its rows (capped or whole) and whether they are the whole sheet. */
type SheetResult = SheetRead | 'read again';

/**
 * Reads one worksheet part from its inflated chunks as they arrive (`data`, then `end`), parsing every row. With a
 * `cap`, it also keeps a copy of the rows as they stood when the cap-th row with anything in it was read — what a
 * read that stopped there held — and `result()` gives the sheet as that capped read gave it: those rows with the
 * merges cut at that row (enough to score a sheet's header row: shared/import/headers.ts looks at the first 20
 * rows); the whole sheet when it has fewer such rows, or when a merge blanked one. `stopBuilding()` (a sheet that
 * will not be chosen) stops parsing rows after the cap; its whole rows are then read again if asked for.
 */
class SheetParser implements PartSink {
  private rows: Map<number, Cell[]> | null = new Map();
  private snapshot: Map<number, Cell[]> | null = null;
  /** The last row read when the cap was reached. */
  private lastRead = Infinity;
  private filled = 0;
  /** Shared formulas by index: the master's formula and address. */
  private readonly shared = new Map<string, { formula: string; address: string }>();
  private readonly merges: string[] = [];
  private rowNumber = 0;
  private readonly cutter = new Cutter('row');
  private error: unknown = null;
  private whole: SourceRow[] | null = null;
  building = true;

  private readonly ctx: SheetContext;
  private readonly cap: number;
  /** Called once, when the cap is reached (the copy is then `capped()`). */
  private readonly onCap: ((p: SheetParser) => void) | null;

  constructor(ctx: SheetContext, cap: number, onCap: ((p: SheetParser) => void) | null = null) {
    this.ctx = ctx;
    this.cap = cap;
    this.onCap = onCap;
  }

  data(chunk: Buffer): void {
    if (this.error !== null) return;
    try {
      const pieces = this.cutter.pieces(chunk);
      if (pieces !== null) {
        for (const piece of pieces) {
          if (!this.building) break;
          this.parseBytes(piece);
        }
      }
    } catch (e) {
      this.error = e;
    }
  }

  end(): void {
    if (this.error !== null) return;
    try {
      this.parse(this.cutter.rest(), true);
    } catch (e) {
      this.error = e;
    }
  }

  /** The rows read before the cap, without merges (a first look at the sheet's score). */
  capped(): SourceRow[] {
    return this.snapshot ? filledRows(this.snapshot) : [];
  }

  stopBuilding(): void {
    this.building = false;
    this.rows = null;
  }

  /** The regular-expression reading of a run of rows (and, at the end, the merges): any shape the file has. */
  private parse(text: string, last: boolean): void {
    ROW.lastIndex = 0;
    for (let rm = this.building ? ROW.exec(text) : null; rm; rm = ROW.exec(text)) {
      const rows = this.rows;
      if (!rows) break;
      const r = attr(rm[1] ?? '', 'r');
      this.rowNumber = r !== undefined ? Number(r) : this.rowNumber + 1;
      const rowNumber = this.rowNumber;
      const body = rm[2];
      if (!body) continue;
      const cells: Cell[] = rows.get(rowNumber) ?? [];
      let col = 0;
      CELL.lastIndex = 0;
      for (let cm = CELL.exec(body); cm; cm = CELL.exec(body)) {
        const cell = this.regexCell(cm[1] ?? '', cm[2] ?? '', col, rowNumber);
        col = this.cellColumn;
        while (cells.length < col - 1) cells.push('');
        cells[col - 1] = cell;
      }
      if (this.rowRead(rows, rowNumber, cells)) break;
    }
    if (last) for (const m of text.matchAll(MERGE)) this.merges.push(attr(m[1] ?? '', 'ref') ?? '');
  }

  /** The column of the cell `regexCell` read last. */
  private cellColumn = 0;

  /** One cell read with regular expressions (formulas, prefixes, odd attributes); its column in `cellColumn`. */
  private regexCell(attrs: string, inner: string, prev: number, rowNumber: number): Cell {
    const { ctx, shared } = this;
    const a = cellAttrs(attrs);
    const address = a.r;
    const at = address !== undefined ? decodeAddress(address) : null;
    const col = at ? at[1] : prev + 1;
    const t = a.t;
    const isDate = a.s !== undefined && ctx.dates[Number(a.s)] === true;
    let cell: Cell = '';
    const fm = inner.includes('f') ? FORMULA.exec(inner) : null;
    const fAttrs = fm?.[1] ?? '';
    let formula = fm?.[2] !== undefined ? xmlText(fm[2]) : '';
    const shareType = fm ? attr(fAttrs, 't') : undefined;
    const vm = VALUE.exec(inner);
    let raw = vm?.[1];
    if (raw === undefined && t === 'inlineStr') {
      const im = INLINE.exec(inner);
      if (im) raw = runsText(im[1] ?? '');
    }
    if (formula || shareType) {
      const here = address ?? `${columnName(col)}${rowNumber}`;
      const si = attr(fAttrs, 'si');
      if (shareType === 'shared' && si !== undefined) {
        if (attr(fAttrs, 'ref') !== undefined) shared.set(si, { formula, address: here });
        else if (!formula) {
          const master = shared.get(si);
          formula = master ? slideFormula(master.formula, master.address, here) : '';
        }
      }
      cell = raw ? typedValue(t === 'inlineStr' ? 'str' : t, raw, isDate, ctx) : '';
      cell =
        typeof cell === 'string'
          ? { text: cell, formula }
          : typeof cell === 'number'
            ? { text: String(cell), number: cell, formula }
            : { ...cell, formula };
    } else if (raw !== undefined && raw !== '') {
      cell = t === 'inlineStr' ? raw : typedValue(t, raw, isDate, ctx);
    }
    this.cellColumn = col;
    return cell;
  }

  /** A row read: kept, counted towards the cap; true when reading stops here (a sheet that will not be chosen). */
  private rowRead(rows: Map<number, Cell[]>, rowNumber: number, cells: Cell[]): boolean {
    if (cells.length) rows.set(rowNumber, cells);
    if (this.snapshot === null && hasText(cells) && ++this.filled >= this.cap) {
      this.lastRead = rowNumber;
      this.snapshot = new Map([...rows].map(([n, c]) => [n, c.slice()]));
      this.onCap?.(this);
      if (!this.building) return true;
    }
    return false;
  }

  /**
   * A run of whole rows, read from the bytes (issue 14): rows and cells of the shapes Excel, LibreOffice and the
   * app write — `<row …>` of `<c r=".." s=".." t="..">` holding `<v>…</v>`, `<is><t>…</t></is>` or nothing —
   * without regular expressions or the run's text; a cell of any other shape (a formula, a prefix, another
   * attribute) goes to `regexCell` as its text, and a row whose extent is in any doubt to `parse`, so that every
   * answer is the regular expressions' (test/integration/import/xlsx-one-pass.test.ts compares the two readers).
   */
  private parseBytes(b: Buffer): void {
    const n = b.length;
    let p = 0;
    /** The next `:row>` (a prefixed close tag) at or after `p`: a row before it is cut as the expression would. */
    let colonRow = b.indexOf(COLON_ROW);
    /** The next `:c>` likewise, for the cells. */
    let colonC = b.indexOf(COLON_C);
    while (p < n) {
      const q = b.indexOf(0x3c, p);
      if (q < 0) return;
      const kind = tagAt(b, q, ROW_NAME);
      if (kind === 0) {
        p = q + 1;
        continue;
      }
      if (kind === 1 && this.rows) {
        const next = this.fastRow(b, q, this.rows);
        if (next >= 0) {
          if (!this.building) return;
          p = next;
          continue;
        }
      }
      const gt = kind === 1 ? b.indexOf(0x3e, q + 4) : -1;
      if (gt < 0) {
        this.parse(b.toString('utf8', q, n), false);
        return;
      }
      if (b[gt - 1] === 0x2f) {
        // <row …/>: a row number and nothing else.
        const r = attr(b.toString('utf8', q + 4, gt - 1), 'r');
        this.rowNumber = r !== undefined ? Number(r) : this.rowNumber + 1;
        p = gt + 1;
        continue;
      }
      const end = b.indexOf(ROW_CLOSE, gt + 1);
      if (colonRow >= 0 && colonRow < gt) colonRow = b.indexOf(COLON_ROW, gt);
      if (end < 0 || (colonRow >= 0 && colonRow < end)) {
        this.parse(b.toString('utf8', q, n), false);
        return;
      }
      const rows = this.rows;
      if (!rows) return;
      const before = this.rowNumber;
      const r = attr(b.toString('utf8', q + 4, gt), 'r');
      this.rowNumber = r !== undefined ? Number(r) : before + 1;
      p = end + ROW_CLOSE.length;
      if (end === gt + 1) continue; // an empty body
      if (colonC >= 0 && colonC < gt) colonC = b.indexOf(COLON_C, gt);
      const got = this.cellsFromBytes(b, gt + 1, end, colonC);
      if (got === null) {
        // A cell whose extent is in doubt: the row read by the expressions, from its start.
        this.rowNumber = before;
        this.parse(b.toString('utf8', q, p), false);
        if (!this.building) return;
        continue;
      }
      const rowNumber = this.rowNumber;
      const cells: Cell[] = rows.get(rowNumber) ?? [];
      for (let i = 0; i < got.length; i += 2) {
        const col = got[i] as number;
        while (cells.length < col - 1) cells.push('');
        cells[col - 1] = got[i + 1] as Cell;
      }
      if (this.rowRead(rows, rowNumber, cells)) return;
    }
  }

  /** Column, cell pairs of the row `fastRow` reads (kept between rows: no new list per row). */
  private readonly pairs: (number | Cell)[] = [];

  /**
   * The commonest row, read in one sweep of its bytes: `<row r="N" …>`, then only cells of the shapes below with
   * nothing but white space between them, then `</row>`. Gives the position after `</row>`, or -1 (nothing changed)
   * for any other row, which `parseBytes` then reads cell by cell.
   */
  private fastRow(b: Buffer, q: number, rows: Map<number, Cell[]>): number {
    const n = b.length;
    // `<row r="N"` with N digits, then attributes up to `>` (none holding a `>`: the expression stops at the first).
    if (b[q + 4] !== 0x20 || b[q + 5] !== 0x72 || b[q + 6] !== 0x3d || b[q + 7] !== 0x22) return -1;
    let i = q + 8;
    let rowNumber = 0;
    const digitsFrom = i;
    for (; i < n; i++) {
      const d = (b[i] as number) - 48;
      if (d < 0 || d > 9) break;
      rowNumber = rowNumber * 10 + d;
    }
    if (i === digitsFrom || i - digitsFrom > 15 || b[i] !== 0x22) return -1;
    for (; i < n && b[i] !== 0x3e; i++) if (b[i] === 0x3c) return -1;
    if (i >= n || b[i - 1] === 0x2f) return -1;
    i++;
    const bodyFrom = i;
    const pairs = this.pairs;
    pairs.length = 0;
    const { ctx } = this;
    let col = 0;
    for (;;) {
      while (i < n && b[i] !== 0x3c) i++;
      if (i + 5 >= n) return -1;
      if (b[i + 1] === 0x2f) {
        if (b[i + 2] !== 0x72 || b[i + 3] !== 0x6f || b[i + 4] !== 0x77 || b[i + 5] !== 0x3e) return -1;
        i += 6;
        break;
      }
      if (b[i + 1] !== 0x63 || (b[i + 2] !== 0x20 && b[i + 2] !== 0x3e && b[i + 2] !== 0x2f)) return -1;
      // Attributes r, s and t only, each ` name="value"`, values holding no `>` or `<`.
      let j = i + 2;
      let address = -1;
      let addressEnd = -1;
      let style = -1;
      let type = '';
      let selfClosing = false;
      for (;;) {
        const c = b[j];
        if (c === 0x3e) break;
        if (c === 0x2f) {
          if (b[j + 1] !== 0x3e) return -1;
          selfClosing = true;
          j++;
          break;
        }
        const name = b[j + 1];
        if (c !== 0x20 || b[j + 2] !== 0x3d || b[j + 3] !== 0x22) return -1;
        let k = j + 4;
        while (k < n && b[k] !== 0x22 && b[k] !== 0x3e && b[k] !== 0x3c) k++;
        if (b[k] !== 0x22) return -1;
        if (name === 0x72) {
          address = j + 4;
          addressEnd = k;
        } else if (name === 0x73) {
          if (k === j + 4 || k - j - 4 > 9) return -1;
          style = 0;
          for (let m = j + 4; m < k; m++) {
            const d = (b[m] as number) - 48;
            if (d < 0 || d > 9) return -1;
            style = style * 10 + d;
          }
        } else if (name === 0x74) type = cellType(b, j + 4, k);
        else return -1;
        j = k + 1;
      }
      // j is at the `>` that ends the start tag.
      let cell: Cell;
      if (selfClosing) {
        cell = '';
        i = j + 1;
      } else {
        const k = j + 1;
        if (b[k] !== 0x3c) return -1;
        if (b[k + 1] === 0x2f) {
          if (b[k + 2] !== 0x63 || b[k + 3] !== 0x3e) return -1;
          cell = '';
          i = k + 4;
        } else if (b[k + 1] === 0x76 && b[k + 2] === 0x3e) {
          // <v>…</v></c>
          const a = k + 3;
          let z = b.indexOf(0x3c, a);
          if (z < 0) z = n;
          if (!startsAt(b, z, V_C_CLOSE)) return -1;
          const isDate = style >= 0 && ctx.dates[style] === true;
          cell = this.valueCell(b, a, z, type, isDate);
          i = z + V_C_CLOSE.length;
        } else if (type === 'inlineStr' && startsAt(b, k, IS_OPEN)) {
          // <is><t>…</t></is></c>
          let a = k + IS_OPEN.length;
          if (startsAt(b, a, T_OPEN)) a += T_OPEN.length;
          else if (startsAt(b, a, T_OPEN_SPACE)) a += T_OPEN_SPACE.length;
          else return -1;
          let z = b.indexOf(0x3c, a);
          if (z < 0) z = n;
          if (!startsAt(b, z, T_IS_C_CLOSE)) return -1;
          cell = xmlText(b.toString('utf8', a, z));
          i = z + T_IS_C_CLOSE.length;
        } else return -1;
      }
      const decoded = address >= 0 ? decodeAddressBytes(b, address, addressEnd) : 0;
      col = decoded > 0 ? decoded : col + 1;
      pairs.push(col, cell);
    }
    // The row is read: as `parseBytes` would have placed it.
    this.rowNumber = rowNumber;
    if (pairs.length === 0 && i === bodyFrom + ROW_CLOSE.length) return i; // an empty body: nothing read
    const cells: Cell[] = rows.get(rowNumber) ?? [];
    for (let m = 0; m < pairs.length; m += 2) {
      const c = pairs[m] as number;
      while (cells.length < c - 1) cells.push('');
      cells[c - 1] = pairs[m + 1] as Cell;
    }
    pairs.length = 0;
    this.rowRead(rows, rowNumber, cells);
    return i;
  }

  /** The cell of `<v>` text `b[a, z)` (no markup in it) by its type, as `regexCell` reads it. */
  private valueCell(b: Buffer, a: number, z: number, t: string, isDate: boolean): Cell {
    if (a === z) return '';
    if (t === 's' || t === '') {
      // A shared string's index, or a number: digits alone are read without making a string.
      let v = 0;
      let digits = z - a <= 15;
      for (let k = a; digits && k < z; k++) {
        const d = (b[k] as number) - 48;
        if (d < 0 || d > 9) digits = false;
        else v = v * 10 + d;
      }
      if (digits && t === 's') return this.ctx.strings[v] ?? '';
      if (digits && !isDate) return v;
    }
    const raw = b.toString('utf8', a, z);
    return t === 'inlineStr' ? raw : typedValue(t || undefined, raw, isDate, this.ctx);
  }

  /**
   * The cells of one row body `b[from, to)` as column, cell pairs in order; null when a cell's extent is in doubt
   * (then the row is read by `parse`). Nothing is changed here but the shared formulas, which `regexCell` sets
   * the same way when the row is read again.
   */
  private cellsFromBytes(b: Buffer, from: number, to: number, nextColonC: number): (number | Cell)[] | null {
    const { ctx } = this;
    const out: (number | Cell)[] = [];
    let col = 0;
    let p = from;
    let colonC = nextColonC;
    while (p < to) {
      const q = b.indexOf(0x3c, p);
      if (q < 0 || q >= to) break;
      const kind = tagAt(b, q, C_NAME);
      if (kind === 0) {
        p = q + 1;
        continue;
      }
      if (kind === 2) return null;
      const gt = b.indexOf(0x3e, q + 2);
      if (gt < 0 || gt >= to) return null;
      const innerFrom = gt + 1;
      let innerTo = -1; // -1: a self-closing cell
      let attrsTo = gt;
      if (b[gt - 1] === 0x2f) {
        attrsTo = gt - 1;
        p = gt + 1;
      } else {
        innerTo = b.indexOf(C_CLOSE, innerFrom);
        if (innerTo < 0 || innerTo >= to) return null;
        if (colonC >= 0 && colonC < innerFrom) colonC = b.indexOf(COLON_C, innerFrom);
        if (colonC >= 0 && colonC < innerTo) return null;
        p = innerTo + C_CLOSE.length;
      }
      // The attributes: only r, s and t, each ` name="value"`.
      let address = -1;
      let addressEnd = -1;
      let style = -1;
      let type = '';
      let plain = true;
      for (let i = q + 2; i < attrsTo;) {
        if (b[i] !== 0x20) {
          plain = false;
          break;
        }
        const name = b[i + 1];
        if ((name !== 0x72 && name !== 0x73 && name !== 0x74) || b[i + 2] !== 0x3d || b[i + 3] !== 0x22) {
          plain = false;
          break;
        }
        const v = i + 4;
        const close = b.indexOf(0x22, v);
        if (close < 0 || close >= attrsTo) {
          plain = false;
          break;
        }
        if (name === 0x72) {
          address = v;
          addressEnd = close;
        } else if (name === 0x73) {
          style = 0;
          if (close === v) plain = false;
          for (let k = v; k < close; k++) {
            const d = (b[k] as number) - 48;
            if (d < 0 || d > 9) plain = false;
            style = style * 10 + d;
          }
        } else type = cellType(b, v, close);
        i = close + 1;
      }
      let cell: Cell | null = null;
      if (plain) {
        if (innerTo < 0 || innerTo === innerFrom) cell = '';
        else cell = this.fastInner(b, innerFrom, innerTo, type, style >= 0 && ctx.dates[style] === true);
      }
      let at: number;
      if (cell) {
        const decoded = address >= 0 ? decodeAddressBytes(b, address, addressEnd) : 0;
        at = decoded > 0 ? decoded : col + 1;
      } else {
        cell = this.regexCell(
          b.toString('utf8', q + 2, attrsTo),
          innerTo < 0 ? '' : b.toString('utf8', innerFrom, innerTo),
          col,
          this.rowNumber,
        );
        at = this.cellColumn;
      }
      col = at;
      out.push(col, cell);
    }
    return out;
  }

  /** A cell's inner XML of the shapes `<v>…</v>` or `<is><t>…</t></is>`, read; null for any other shape. */
  private fastInner(b: Buffer, from: number, to: number, t: string, isDate: boolean): Cell | null {
    if (
      startsAt(b, from, V_OPEN) &&
      to - V_CLOSE.length >= from + V_OPEN.length &&
      startsAt(b, to - V_CLOSE.length, V_CLOSE)
    ) {
      const a = from + V_OPEN.length;
      const z = to - V_CLOSE.length;
      if (b.indexOf(0x3c, a) < z) return null;
      return this.valueCell(b, a, z, t, isDate);
    }
    if (t === 'inlineStr' && startsAt(b, from, IS_OPEN) && startsAt(b, to - IS_CLOSE.length, IS_CLOSE)) {
      let a = from + IS_OPEN.length;
      if (startsAt(b, a, T_OPEN)) a += T_OPEN.length;
      else if (startsAt(b, a, T_OPEN_SPACE)) a += T_OPEN_SPACE.length;
      else return null;
      const z = to - IS_CLOSE.length - T_CLOSE.length;
      if (z < a || !startsAt(b, z, T_CLOSE)) return null;
      const lt = b.indexOf(0x3c, a);
      if (lt >= 0 && lt < z) return null;
      const text = b.toString('utf8', a, z);
      if (text.includes('rPh')) return null;
      return xmlText(text);
    }
    return null;
  }

  /** The sheet as a read capped at `cap` rows gave it; 'read again' when that is the whole sheet, not kept. */
  result(): SheetResult {
    if (this.error !== null) throw this.error;
    if (this.snapshot === null) return { rows: this.wholeRows() ?? [], complete: true };
    const snapshot = this.snapshot;
    this.snapshot = null;
    applyMerges(snapshot, this.merges, this.lastRead);
    const read = filledRows(snapshot);
    // A merge may have blanked a row read (its master blank): then fewer than `cap` rows, so the whole sheet.
    if (read.length < this.cap) {
      const whole = this.wholeRows();
      return whole ? { rows: whole, complete: true } : 'read again';
    }
    return { rows: read, complete: false };
  }

  /** Every row with anything in it, merges applied; null when the rows were not kept. */
  wholeRows(): SourceRow[] | null {
    if (this.error !== null) throw this.error;
    if (this.whole) return this.whole;
    if (!this.rows) return null;
    applyMerges(this.rows, this.merges, Infinity);
    this.whole = filledRows(this.rows);
    this.rows = null;
    return this.whole;
  }
}

/** One worksheet part read whole on its own (a sheet whose rows the one pass did not keep). */
async function readSheetWhole(parts: Parts, e: ZipEntry, ctx: SheetContext): Promise<SourceRow[]> {
  const p = new SheetParser(ctx, Infinity);
  await streamEntry(parts, e, (chunk) => p.data(chunk));
  p.end();
  return p.wholeRows() ?? [];
}

/**
 * Each cell a merge covers reads as its top-left cell, marked `merged` (the cells made count against the limit);
 * rows after `lastRow` are left out (not read).
 */
function applyMerges(rows: Map<number, Cell[]>, merges: readonly string[], lastRow: number): void {
  let made = 0;
  for (const ref of merges) {
    const [from, to] = ref.split(':');
    const a = decodeAddress(from ?? '');
    const b = decodeAddress(to ?? from ?? '');
    if (!a || !b) continue;
    const top = Math.min(a[0], b[0]);
    if (top > lastRow) continue;
    const bottom = Math.min(Math.max(a[0], b[0]), lastRow);
    const [left, right] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
    made += (bottom - top + 1) * (right - left + 1);
    if (made > IMPORT_LIMITS.xlsxCells) throw unzippedTooLarge('cells', made);
    const master = rows.get(top)?.[left - 1] ?? '';
    const covered: SourceCell =
      typeof master === 'string'
        ? { text: master, merged: true }
        : typeof master === 'number'
          ? { text: String(master), number: master, merged: true }
          : { ...master, merged: true };
    for (let r = top; r <= bottom; r++) {
      let cells = rows.get(r);
      if (!cells) {
        cells = [];
        rows.set(r, cells);
      }
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        while (cells.length < c - 1) cells.push('');
        cells[c - 1] = covered;
      }
    }
    // The master itself exists as a cell, even when the file wrote nothing for it.
    const first = rows.get(top);
    if (first && first.length < left) {
      while (first.length < left - 1) first.push('');
      first[left - 1] = master;
    }
  }
}

export interface XlsxRead {
  table: SourceTable;
  sheet: string;
  /** The visible worksheets that hold anything, in workbook order. */
  sheets: string[];
  /** Why this sheet was read, when the workbook has more than one. */
  notes: string[];
}

interface Metadata {
  info: WorkbookInfo;
  ctx: SheetContext;
  /**
   * The shared strings part as the look ahead inflated it (deflated parts only): the one pass counts these bytes in
   * the stream's chunks instead of inflating the part a second time (issue 14: 50 MB for a LibreOffice-saved
   * 100,000-row register).
   */
  inflated: { entry: ZipEntry; raw: Buffer } | null;
}

/**
 * The workbook, its relationships, styles and shared strings, read ahead of the one pass (they are small, and Excel
 * and LibreOffice write the styles and shared strings after the sheets that need them). Null when anything is amiss
 * (a part larger than its directory says, a damaged part, a workbook declaring more than the unzip budget): the
 * read then takes the careful order, the limit scan first, so every error is what it was.
 */
function lookAhead(parts: Parts): Metadata | null {
  try {
    let declared = 0;
    for (const e of parts.entries) declared += e.size;
    if (declared > IMPORT_LIMITS.xlsxUnzippedBytes) return null;
    const info = workbookInfo(parts, true);
    const sst = info.sharedStrings ? findPart(parts, info.sharedStrings) : undefined;
    const raw = sst ? inflatePart(parts, sst, true) : null;
    const ctx: SheetContext = {
      strings: sst && raw ? sharedStringsWhole(sst, raw) : [],
      dates: dateStyles(info.styles ? smallPart(parts, info.styles, true) : null),
      date1904: info.date1904,
    };
    return { info, ctx, inflated: sst && raw && sst.method === 8 ? { entry: sst, raw } : null };
  } catch {
    return null;
  }
}

/** The same, read after the limit scan as before the one pass (errors as they were). */
async function readMetadata(parts: Parts): Promise<Metadata> {
  const info = workbookInfo(parts);
  const ctx: SheetContext = {
    strings: await sharedStrings(parts, info.sharedStrings),
    dates: dateStyles(info.styles ? smallPart(parts, info.styles) : null),
    date1904: info.date1904,
  };
  return { info, ctx, inflated: null };
}

/** The same zip entry (the same stored bytes, so the same inflated bytes) in two readings of the directory. */
const sameEntry = (a: ZipEntry, b: ZipEntry) =>
  a.localOffset === b.localOffset &&
  a.compressedSize === b.compressedSize &&
  a.size === b.size &&
  a.method === b.method &&
  a.name === b.name;

const unreadable = (e: unknown): AppError =>
  e instanceof AppError
    ? e
    : new AppError(
        'VALIDATION',
        `The file cannot be read as an Excel workbook (${(e as Error).message}). Open it in Excel and save it as .xlsx or CSV, then import again.`,
      );

/**
 * The worksheet named by the mapping's `sheet`, or else the visible worksheet whose header row looks most like a
 * register (the most known columns; the first on a tie), or the first with anything in it.
 *
 * One pass (issue 14): every part is inflated once, in directory order, counted against the limits (zip-scan.ts,
 * the same chunks, so a limit fires where it did) and each visible worksheet parsed from the same chunks. Each
 * sheet is scored on its first 20 rows with anything in them; the rows of the sheet that looks best so far are
 * kept whole as they are parsed (the others stop at their 20th row), so the chosen sheet is rarely inflated again.
 */
export async function readXlsx(bytes: Uint8Array, mapping?: ImportMapping): Promise<XlsxRead> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let parts: Parts | null = null;
  let meta: Metadata | null = null;
  try {
    const entries = centralDirectory(buf);
    parts = { bytes: buf, byName: new Map(), entries };
    for (const e of entries) parts.byName.set(e.name.toLowerCase(), e);
    meta = lookAhead(parts);
  } catch {
    // A damaged directory: the scan below says so, as it always did.
  }
  // Without the look ahead: sizes, rows and cells are counted while unzipping, before anything is parsed.
  if (!meta) await scanXlsx(bytes);
  if (!parts) {
    const entries = centralDirectory(buf);
    parts = { bytes: buf, byName: new Map(), entries };
    for (const e of entries) parts.byName.set(e.name.toLowerCase(), e);
  }
  const zip = parts;
  const wanted = mapping?.sheet?.trim();
  let found: {
    table: SourceTable;
    sheet: string;
    score: number;
    whole: (() => Promise<SourceRow[]>) | null;
  }[];
  try {
    const { info, ctx } = meta ?? (await readMetadata(zip));
    // A workbook with one visible worksheet (the app's own export, most registers) has nothing to choose between:
    // that sheet is read whole. Otherwise each is scored on its first 20 rows.
    const candidates = info.sheets.filter((s) => s.visible && s.path);
    const cap = candidates.length === 1 ? Infinity : 20;
    // Which sheet's whole rows are worth keeping: the one named, or the one whose first rows score best so far.
    let leader: { parser: SheetParser; score: number } | null = null;
    const onCap = (name: string) => (p: SheetParser) => {
      if (wanted) {
        if (name.trim().toLowerCase() !== wanted.toLowerCase()) p.stopBuilding();
        return;
      }
      const score = scoreHeaderRow(p.capped(), mapping).score;
      if (leader && leader.score >= score) p.stopBuilding();
      else {
        leader?.parser.stopBuilding();
        leader = { parser: p, score };
      }
    };
    const reads = candidates.map((s) => {
      const e = findPart(zip, s.path ?? '');
      return { sheet: s, entry: e, parser: e ? new SheetParser(ctx, cap, onCap(s.name)) : null };
    });
    const byOffset = new Map<number, SheetParser>();
    for (const r of reads) if (r.entry && r.parser) byOffset.set(r.entry.localOffset, r.parser);
    if (meta) {
      let inflated = meta.inflated;
      await scanXlsx(
        bytes,
        (e) => {
          const p = byOffset.get(e.localOffset);
          return p && zip.byName.get(e.name.toLowerCase())?.localOffset === e.localOffset ? p : null;
        },
        (e) => {
          const a = inflated?.entry;
          if (!inflated || !a || !sameEntry(a, e)) return null;
          const { raw } = inflated;
          inflated = null; // handed over once, then left to the collector
          return raw;
        },
      );
    } else {
      for (const r of reads) {
        const { parser, entry } = r;
        if (!parser || !entry) continue;
        await streamEntry(zip, entry, (chunk) => parser.data(chunk));
        parser.end();
      }
    }
    found = [];
    for (const { sheet, entry, parser } of reads) {
      if (!parser || !entry) continue;
      const got = parser.result();
      const { rows, complete } =
        got === 'read again' ? { rows: await readSheetWhole(zip, entry, ctx), complete: true } : got;
      if (!rows.length) continue;
      found.push({
        table: { rows },
        sheet: sheet.name,
        score: scoreHeaderRow(rows, mapping).score,
        whole: complete ? null : async () => parser.wholeRows() ?? (await readSheetWhole(zip, entry, ctx)),
      });
    }
  } catch (e) {
    throw unreadable(e);
  }
  const sheets = found.map((f) => f.sheet);
  if (!found.length)
    throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
  if (wanted) {
    const chosen = found.find((f) => f.sheet.trim().toLowerCase() === wanted.toLowerCase());
    if (!chosen) {
      throw new AppError(
        'VALIDATION',
        `The mapping chooses the sheet “${wanted}”, but the workbook has no visible sheet of that name with anything in it. ` +
          `Sheets found: ${sheets.map((s) => `“${s}”`).join(', ')}. Choose one of them, then preview again.`,
        { sheet: wanted, sheets },
      );
    }
    return { table: await wholeTable(chosen), sheet: chosen.sheet, sheets, notes: [] };
  }
  let best = found[0];
  for (const f of found) if (best && f.score > best.score) best = f;
  if (!best) throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
  const notes =
    found.length > 1
      ? [
          `The workbook has ${found.length} sheets (${sheets.map((s) => `“${s}”`).join(', ')}); “${best.sheet}” is read ` +
            (best.score > 0 ? 'because its headers look most like a register' : 'because it is the first') +
            '. Choose another sheet to read that one.',
        ]
      : [];
  return { table: await wholeTable(best), sheet: best.sheet, sheets, notes };
}

async function wholeTable(f: {
  table: SourceTable;
  whole: (() => Promise<SourceRow[]>) | null;
}): Promise<SourceTable> {
  if (!f.whole) return f.table;
  try {
    return { rows: await f.whole() };
  } catch (e) {
    throw unreadable(e);
  }
}
