import { readFileSync } from 'node:fs';
import type { ImportMapping, ImportPreview, ImportRowPreview } from '../../../shared/import/types.ts';
import { FIELD_LABELS } from '../../../shared/import/types.ts';
import { importSummary } from '../../../shared/import/summary.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CliIo } from '../context.ts';
import type { Command } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

function readMapping(file: string): ImportMapping {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ImportMapping;
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `Cannot read the mapping from ${file}: ${(e as Error).message}. It should be JSON such as { "ref": "Risk ID" }.`,
    );
  }
}

const where = (r: ImportRowPreview) => (r.ref ? `row ${r.row} (${r.ref})` : `row ${r.row}`);

function printRow(io: CliIo, r: ImportRowPreview, all: boolean): void {
  const v = r.values;
  const lines: string[] = [];
  for (const e of r.errors) lines.push(`error: ${e}`);
  for (const p of r.repairs) lines.push(`${p.accepted ? 'repair accepted' : 'repair offered'}: ${p.message}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (all) for (const n of r.notes) lines.push(`note: ${n}`);
  if (!all && !lines.length) return;
  const score = v.score === null ? '' : ` · ${v.impact} × ${v.likelihood} = ${v.score} ${v.band ?? ''}`;
  io.out(`${where(r)}: ${r.status}${all && r.status !== 'error' ? ` — ${v.ref}${score}` : ''}`);
  for (const l of lines) io.out(`    ${l}`);
}

function printPreview(io: CliIo, p: ImportPreview, all: boolean): void {
  const how = p.format === 'csv' ? `CSV, ${p.encoding ?? 'utf-8'}` : `XLSX, sheet “${p.sheet ?? ''}”`;
  io.out(`${p.fileName} (${how}): header on row ${p.headerRow}, ${p.counts.rows} rows.`);
  if (all) {
    const mapped = p.columns
      .filter((c) => c.field)
      .map(
        (c) =>
          `  ${FIELD_LABELS[c.field ?? 'ref'].padEnd(20)} ← “${c.header.trim()}”${c.source === 'recognised' ? '' : ` (${c.source ?? ''})`}`,
      );
    io.out('Columns:');
    for (const m of mapped) io.out(m);
  }
  for (const e of p.fileErrors) io.out(`error: ${e}`);
  if (all) for (const n of p.notes) io.out(`note: ${n}`);
  for (const r of p.rows) printRow(io, r, all);
  const c = p.counts;
  io.out(
    `${c.rows} rows: ${c.ok} ready, ${c.warning} with warnings, ${c.needsRepair} needing a repair, ${c.error} with errors.`,
  );
}

export const importCommand: Command = {
  usage: [
    'import FILE --db FILE [--dry-run] [--mapping MAP.json] [--accept-repairs]',
    '                                     Import risks from CSV or XLSX, all or nothing. --dry-run prints the',
    '                                     check of every row and writes nothing (exit 1 if the import would fail);',
    '                                     --accept-repairs accepts the generated refs and default categories offered,',
    '                                     skipping of rows that are not risks and word-scale numbers, never a',
    '                                     decimal rounding or a scale conversion (the mapping must say those).',
    '                                     The mapping: docs/import.md.',
  ],
  options: {
    'dry-run': { type: 'boolean', default: false },
    'accept-repairs': { type: 'boolean', default: false },
    mapping: { type: 'string' },
  },
  async run({ args, values, openDb, call, io }) {
    const file = args[0];
    if (!file) throw new UsageError('import needs the CSV or XLSX file to read');
    const mappingFile = stringOpt(values, 'mapping');
    const mapping = mappingFile ? readMapping(mappingFile) : undefined;
    const acceptAll = values['accept-repairs'] === true;
    await openDb();
    const preview = await call('import:preview', { path: file, mapping });
    if (!preview) throw new AppError('INTERNAL', 'The file was not read.');
    const accept = acceptAll
      ? preview.rows.flatMap((r) => r.repairs.map((p) => ({ row: r.row, kind: p.kind })))
      : [];

    if (values['dry-run'] === true) {
      const checked = acceptAll
        ? preview.rows.map((r) => ({ ...r, repairs: r.repairs.map((p) => ({ ...p, accepted: true })) }))
        : preview.rows;
      printPreview(io, { ...preview, rows: checked }, true);
      for (const line of importSummary(preview, acceptAll)) io.out(line);
      const blocked =
        preview.fileErrors.length > 0 ||
        checked.some((r) => r.errors.length > 0 || r.repairs.some((p) => !p.accepted));
      io.out(
        blocked
          ? 'Dry run: nothing was written. As it stands the import would fail: fix the errors above' +
              (checked.some((r) => r.repairs.some((p) => !p.accepted))
                ? ' or accept the repairs (--accept-repairs).'
                : '.')
          : `Dry run: nothing was written. ${preview.counts.rows} risks would be imported.`,
      );
      return blocked ? 1 : 0;
    }

    try {
      const result = await call('import:commit', { path: file, mapping, accept, fileHash: preview.fileHash });
      for (const r of preview.rows)
        if (r.warnings.length) for (const w of r.warnings) io.out(`${where(r)}: warning: ${w}`);
      const repaired = result.repairsApplied
        ? ` (${result.repairsApplied} ${result.repairsApplied === 1 ? 'repair' : 'repairs'} applied)`
        : '';
      io.out(
        `Imported ${result.imported} ${result.imported === 1 ? 'risk' : 'risks'} from ${result.fileName}${repaired}.`,
      );
      for (const line of result.summary ?? []) io.out(line);
      return 0;
    } catch (e) {
      const details = e instanceof AppError ? (e.details as { messages?: unknown } | undefined) : undefined;
      if (e instanceof AppError && e.code === 'VALIDATION' && Array.isArray(details?.messages)) {
        for (const m of details.messages) io.err(String(m));
        const offered = preview.rows.some((r) => r.repairs.length) && !acceptAll;
        io.err(
          `risk-register: nothing was imported.${offered ? ' Run again with --accept-repairs to accept the repairs offered.' : ''}`,
        );
        return 1;
      }
      throw e;
    }
  },
};
