/**
 * The XLSX import reader as it was before the one-pass read (main at e384969, db/import/xlsx.ts): the limit scan
 * inflates every part, each visible sheet is read up to its 20th row with anything in it (inflated to its end, where
 * the merges are), then the chosen sheet is read again, every cell through regular expressions. Kept as the
 * reference the product reader is compared with (test/integration/import/xlsx-one-pass.test.ts). Not used by the app.
 *
 * XLSX → rows of cells, read straight from the sheet XML (issue 14): the zip's parts are inflated as streams and
 * each complete run of `<row>` elements is scanned as it arrives, with the shared strings table, the number formats
 * (which numbers are dates) and the merged ranges — never a whole workbook object. The cells are the same as
 * exceljs's whole-workbook reader gave (test/integration/import/reference/xlsx-exceljs.ts, compared cell by cell in
 * test/integration/import/xlsx-stream.test.ts): cells are data, never formulas — a formula cell gives its last
 * calculated value and says it was a formula; text that begins with = + - @ stays text; a cell covered by a merge
 * reads as the merge's top-left cell, marked `merged`.
 */
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import { scoreHeaderRow } from '../../../../shared/import/headers.ts';
import { IMPORT_LIMITS, unzippedTooLarge } from '../../../../shared/import/limits.ts';
import type { ImportMapping, SourceCell, SourceRow, SourceTable } from '../../../../shared/import/types.ts';
import {
  centralDirectory,
  entryData,
  inflateWithBudget,
  notAZip,
  scanXlsx,
  type ZipEntry,
} from '../../../../db/import/zip-scan.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A date cell as the import sees it: dd/mm/yyyy text and the ISO date. */
function dateCell(d: Date): SourceCell {
  if (Number.isNaN(d.getTime())) return { text: '' };
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
}

function findPart(parts: Parts, name: string): ZipEntry | undefined {
  return parts.byName.get(name.toLowerCase());
}

/** A small part (workbook, relationships, styles) inflated whole, within the unzip budget. */
function smallPart(parts: Parts, name: string): string | null {
  const e = findPart(parts, name);
  if (!e) return null;
  const data = entryData(parts.bytes, e);
  try {
    const raw =
      e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: IMPORT_LIMITS.xlsxUnzippedBytes });
    return raw.toString('utf8');
  } catch {
    throw notAZip();
  }
}

/**
 * Streams a (possibly large) part, handing over its text cut after each complete `</name>` element (any namespace
 * prefix); what follows the last one is handed over at the end (`last` true).
 */
async function streamPart(
  parts: Parts,
  e: ZipEntry,
  name: string,
  /** Null, or false once the caller needs only the text after the last element (a sheet read up to its cap):
   *  the runs before it are then cut as bytes but never decoded into strings. */
  wanted: (() => boolean) | null,
  onText: (text: string, last: boolean) => void,
): Promise<void> {
  const close = Buffer.from(`${name}>`);
  let pending: Buffer = Buffer.alloc(0);
  const cutAfterLastClose = (buf: Buffer): number => {
    for (let p = buf.lastIndexOf(close); p > 0; p = buf.lastIndexOf(close, p - 1)) {
      let q = p - 1;
      if (buf[q] === 0x3a /* : */) {
        while (q > 0 && buf[q] !== 0x3c /* < */ && buf[q] !== 0x2f /* / */) q--;
      }
      if (buf[q] === 0x2f && buf[q - 1] === 0x3c) return p + close.length;
    }
    return -1;
  };
  const onChunk = (chunk: Buffer) => {
    const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const cut = cutAfterLastClose(buf);
    if (cut < 0) {
      pending = Buffer.from(buf);
      return;
    }
    if (!wanted || wanted()) onText(buf.toString('utf8', 0, cut), false);
    pending = Buffer.from(buf.subarray(cut));
  };
  const data = entryData(parts.bytes, e);
  if (e.method === 0) onChunk(data);
  else if (e.method === 8) await inflateWithBudget(data, onChunk);
  else throw notAZip();
  onText(pending.toString('utf8'), true);
}

async function sharedStrings(parts: Parts, path: string | undefined): Promise<string[]> {
  const e = path ? findPart(parts, path) : undefined;
  if (!e) return [];
  const out: string[] = [];
  const si = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
  await streamPart(parts, e, 'si', null, (text) => {
    si.lastIndex = 0;
    for (let m = si.exec(text); m; m = si.exec(text)) out.push(m[1] ? runsText(m[1]) : '');
  });
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

function workbookInfo(parts: Parts): WorkbookInfo {
  const rootRels = smallPart(parts, '_rels/.rels') ?? '';
  const officeDoc = [...rootRels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>?/g)]
    .map((m) => m[1] ?? '')
    .find((a) => /\/officeDocument$/.test(attr(a, 'Type') ?? ''));
  const bookPath = officeDoc ? resolveTarget('', attr(officeDoc, 'Target') ?? '') : 'xl/workbook.xml';
  const book = smallPart(parts, bookPath);
  if (book === null) throw notAZip();
  const relsPath = `${bookPath.split('/').slice(0, -1).join('/')}/_rels/${bookPath.split('/').pop() ?? ''}.rels`;
  const rels = new Map<string, { type: string; path: string }>();
  for (const m of (smallPart(parts, relsPath) ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>?/g)) {
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
function typedValue(t: string | undefined, raw: string, isDate: boolean, ctx: SheetContext): SourceCell {
  switch (t) {
    case 's':
      return { text: ctx.strings[parseInt(raw, 10)] ?? '' };
    case 'str':
    case 'inlineStr':
      return { text: xmlText(raw) };
    case 'b':
      return { text: parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE' };
    case 'e':
      return { text: xmlText(raw) };
    case 'd': {
      // An ISO date written as such (rare: Excel writes serial numbers).
      const d = new Date(xmlText(raw));
      return Number.isNaN(d.getTime()) ? { text: xmlText(raw) } : dateCell(d);
    }
    default: {
      const v = parseFloat(raw);
      if (isDate) return dateCell(excelToDate(v, ctx.date1904));
      return { text: String(v), number: v };
    }
  }
}

interface SheetRead {
  rows: SourceRow[];
  /** False when reading stopped after the first `cap` rows with anything in them. */
  complete: boolean;
}

const hasText = (cells: readonly SourceCell[]) => cells.some((c) => c.text.trim() !== '');

/**
 * Reads one worksheet part: its rows with anything in them, merges applied, in row order. With `cap`, the cells of
 * rows after the first `cap` rows with anything in them are not read (the part is still inflated to its end, where
 * the merges are): enough to score a sheet's header row (shared/import/headers.ts looks at the first 20 rows).
 */
async function readSheet(parts: Parts, path: string, ctx: SheetContext, cap = Infinity): Promise<SheetRead> {
  const e = findPart(parts, path);
  if (!e) return { rows: [], complete: true };
  /** The last row read when reading stopped at the cap. */
  let lastRead = Infinity;
  let filled = 0;
  const rows = new Map<number, SourceCell[]>();
  /** Shared formulas by index: the master's formula and address. */
  const shared = new Map<string, { formula: string; address: string }>();
  const merges: string[] = [];
  let rowNumber = 0;
  const reading = () => lastRead === Infinity;
  await streamPart(parts, e, 'row', reading, (text, last) => {
    ROW.lastIndex = 0;
    for (let rm = lastRead === Infinity ? ROW.exec(text) : null; rm; rm = ROW.exec(text)) {
      const r = attr(rm[1] ?? '', 'r');
      rowNumber = r !== undefined ? Number(r) : rowNumber + 1;
      const body = rm[2];
      if (!body) continue;
      const cells: SourceCell[] = rows.get(rowNumber) ?? [];
      let col = 0;
      CELL.lastIndex = 0;
      for (let cm = CELL.exec(body); cm; cm = CELL.exec(body)) {
        const attrs = cm[1] ?? '';
        const a = cellAttrs(attrs);
        const address = a.r;
        const at = address !== undefined ? decodeAddress(address) : null;
        col = at ? at[1] : col + 1;
        const inner = cm[2] ?? '';
        const t = a.t;
        const isDate = a.s !== undefined && ctx.dates[Number(a.s)] === true;
        let cell: SourceCell = { text: '' };
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
          cell = raw ? typedValue(t === 'inlineStr' ? 'str' : t, raw, isDate, ctx) : { text: '' };
          cell = { ...cell, formula };
        } else if (raw !== undefined && raw !== '') {
          cell = t === 'inlineStr' ? { text: raw } : typedValue(t, raw, isDate, ctx);
        }
        while (cells.length < col - 1) cells.push({ text: '' });
        cells[col - 1] = cell;
      }
      if (cells.length) rows.set(rowNumber, cells);
      if (hasText(cells) && ++filled >= cap) {
        lastRead = rowNumber;
        break;
      }
    }
    if (last) for (const m of text.matchAll(MERGE)) merges.push(attr(m[1] ?? '', 'ref') ?? '');
  });
  applyMerges(rows, merges, lastRead);
  const read = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .filter(([, cells]) => hasText(cells))
    .map(([row, cells]) => ({ row, cells }));
  // A merge may have blanked a row read (its master blank): then fewer than `cap` rows, so read the whole sheet.
  if (lastRead !== Infinity && read.length < cap) return readSheet(parts, path, ctx);
  return { rows: read, complete: lastRead === Infinity };
}

/**
 * Each cell a merge covers reads as its top-left cell, marked `merged` (the cells made count against the limit);
 * rows after `lastRow` are left out (not read).
 */
function applyMerges(rows: Map<number, SourceCell[]>, merges: readonly string[], lastRow: number): void {
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
    const master = rows.get(top)?.[left - 1] ?? { text: '' };
    const covered: SourceCell = { ...master, merged: true };
    for (let r = top; r <= bottom; r++) {
      let cells = rows.get(r);
      if (!cells) {
        cells = [];
        rows.set(r, cells);
      }
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        while (cells.length < c - 1) cells.push({ text: '' });
        cells[c - 1] = covered;
      }
    }
    // The master itself exists as a cell, even when the file wrote nothing for it.
    const first = rows.get(top);
    if (first && first.length < left) {
      while (first.length < left - 1) first.push({ text: '' });
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

/**
 * The worksheet named by the mapping's `sheet`, or else the visible worksheet whose header row looks most like a
 * register (the most known columns; the first on a tie), or the first with anything in it.
 */
export async function readXlsx(bytes: Uint8Array, mapping?: ImportMapping): Promise<XlsxRead> {
  // Sizes, rows and cells are counted while unzipping, before anything is parsed.
  await scanXlsx(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Parts = { bytes: buf, byName: new Map() };
  for (const e of centralDirectory(buf)) parts.byName.set(e.name.toLowerCase(), e);
  let found: {
    table: SourceTable;
    sheet: string;
    score: number;
    whole: (() => Promise<SourceRow[]>) | null;
  }[];
  try {
    const info = workbookInfo(parts);
    const ctx: SheetContext = {
      strings: await sharedStrings(parts, info.sharedStrings),
      dates: dateStyles(info.styles ? smallPart(parts, info.styles) : null),
      date1904: info.date1904,
    };
    found = [];
    // Each sheet's first 20 rows are enough to score its header row; only the sheet chosen is read whole. A
    // workbook with one visible worksheet (the app's own export, most registers) has nothing to choose between:
    // that sheet is read whole at once, its part inflated once here rather than twice.
    const candidates = info.sheets.filter((s) => s.visible && s.path);
    const cap = candidates.length === 1 ? Infinity : 20;
    for (const s of candidates) {
      if (!s.path) continue;
      const { rows, complete } = await readSheet(parts, s.path, ctx, cap);
      if (!rows.length) continue;
      const path = s.path;
      found.push({
        table: { rows },
        sheet: s.name,
        score: scoreHeaderRow(rows, mapping).score,
        whole: complete ? null : async () => (await readSheet(parts, path, ctx)).rows,
      });
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      'VALIDATION',
      `The file cannot be read as an Excel workbook (${(e as Error).message}). Open it in Excel and save it as .xlsx or CSV, then import again.`,
    );
  }
  const sheets = found.map((f) => f.sheet);
  if (!found.length)
    throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
  const wanted = mapping?.sheet?.trim();
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
    if (e instanceof AppError) throw e;
    throw new AppError(
      'VALIDATION',
      `The file cannot be read as an Excel workbook (${(e as Error).message}). Open it in Excel and save it as .xlsx or CSV, then import again.`,
    );
  }
}
