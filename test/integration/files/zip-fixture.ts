/**
 * A tiny zip writer for test fixtures: real deflate (Node's zlib), real CRC-32, and a central directory that can
 * declare a size other than the real one, as a hostile file would.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Small content, given whole. */
  data?: string;
  /** Large content: `chunk` repeated `times` times, deflated as a stream (never held whole in memory). */
  repeat?: { head: string; chunk: string; times: number; tail: string };
  /** What the directory claims the part unzips to (default: the truth). */
  declaredSize?: number;
}

async function deflatePart(part: ZipPart): Promise<{ compressed: Buffer; crc: number; size: number }> {
  if (part.data !== undefined) {
    const raw = Buffer.from(part.data, 'utf8');
    return { compressed: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
  }
  const r = part.repeat;
  if (!r) throw new Error('a part needs data or repeat');
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((res) => deflate.once('drain', res));
  };
  await write(Buffer.from(r.head));
  const chunk = Buffer.from(r.chunk);
  for (let i = 0; i < r.times; i++) await write(chunk);
  await write(Buffer.from(r.tail));
  deflate.end();
  await done;
  return { compressed: Buffer.concat(out), crc, size };
}

export async function buildZip(parts: readonly ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { compressed, crc, size } = await deflatePart(part);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(compressed.length, 20);
    dir.writeUInt32LE(declared >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + compressed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** The parts every workbook has, around one worksheet. */
export function workbookParts(sheet: ZipPart): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        '<sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '</Relationships>',
    },
    sheet,
  ];
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** A sheet of `rows` rows of ten numeric cells each (about 190 bytes a row unzipped). */
export function rowsSheet(rows: number, declaredSize?: number): ZipPart {
  const cells = Array.from({ length: 10 }, () => '<c><v>1</v></c>').join('');
  return {
    name: 'xl/worksheets/sheet1.xml',
    repeat: {
      head: SHEET_HEAD,
      chunk: `<row>${cells}</row>`.repeat(100),
      times: rows / 100,
      tail: SHEET_TAIL,
    },
    ...(declaredSize === undefined ? {} : { declaredSize }),
  };
}

/** A sheet padded with `megabytes` MB of whitespace and one cell: bytes, not rows. */
export function paddedSheet(megabytes: number, declaredSize?: number): ZipPart {
  return {
    name: 'xl/worksheets/sheet1.xml',
    repeat: {
      head: `${SHEET_HEAD}<row><c t="inlineStr"><is><t>Ref</t></is></c></row>`,
      chunk: ' '.repeat(1024 * 1024),
      times: megabytes,
      tail: SHEET_TAIL,
    },
    ...(declaredSize === undefined ? {} : { declaredSize }),
  };
}
