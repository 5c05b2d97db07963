/**
 * What an import leaves out and changes, in a few lines: the columns not imported, the values transformed (words →
 * numbers, decimals made whole, other scales converted, owner cells split) and the rows skipped. The preview, the
 * dry run and the committed import all show these same lines.
 */
import { describeColumn } from './headers.ts';
import type { ImportCheck } from './types.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `skipAccepted`: count rows offered for skipping as skipped (the CLI's --accept-repairs). */
export function importSummary(check: ImportCheck, skipAccepted = false): string[] {
  const lines: string[] = [];
  const unused = check.columns.filter((c) => c.field === null && c.header.trim() !== '');
  lines.push(
    unused.length
      ? `Columns not imported: ${unused.map((c) => `“${describeColumn(c)}”`).join(', ')}.`
      : 'Columns not imported: none.',
  );
  const words = (check.scales ?? []).filter((u) => u.cells > 0);
  const transformed: string[] = [];
  if (words.length) {
    transformed.push(
      `words → numbers ${words.map((u) => `“${u.word}” → ${u.value} (${plural(u.cells, 'cell')})`).join(', ')}`,
    );
  }
  // One pass over the rows (issue 14: at 100,000 rows four passes, and a test of every owner's text on every row).
  let numbers = 0;
  let split = 0;
  let titles = 0;
  const skipped: number[] = [];
  const offered: number[] = [];
  const withActions: ImportCheck['rows'] = [];
  for (const r of check.rows) {
    for (const n of r.notes) {
      if (n.endsWith(': as the mapping says; the published value is kept in history.')) {
        numbers += n.split(' → ').length - 1;
      }
      if (n.startsWith('Owners: ')) {
        const owners = r.values.owners;
        if (owners.length > 1) split += 1;
        for (const o of owners) if (/\s/.test(o)) titles += 1;
      }
    }
    const offersSkip = r.status === 'needs-repair' && r.repairs.some((p) => p.kind === 'skip-row');
    if (r.status === 'skipped' || (skipAccepted && offersSkip)) skipped.push(r.row);
    if (offersSkip) offered.push(r.row);
    if (r.actions?.length && r.status !== 'skipped') withActions.push(r);
  }
  if (numbers) transformed.push(`${plural(numbers, 'score')} rounded or converted to 1–5`);
  if (split) transformed.push(`${plural(split, 'owner cell')} split into several owners`);
  if (titles) transformed.push(`${plural(titles, 'job title')} kept whole as one owner each`);
  lines.push(`Values transformed: ${transformed.length ? transformed.join('; ') : 'none'}.`);
  // Tracked actions (the action columns and continuation rows): said only when the file has any.
  if (withActions.length) {
    const n = withActions.reduce((sum, r) => sum + (r.actions?.length ?? 0), 0);
    lines.push(
      `Tracked actions: ${plural(n, 'action')} on ${plural(withActions.length, 'risk')} (${withActions
        .map((r) => `${r.values.ref || `row ${r.row}`} ${r.actions?.length ?? 0}`)
        .join(', ')}).`,
    );
  }
  lines.push(
    skipped.length
      ? `Rows skipped (not risks): ${skipped.join(', ')}.`
      : offered.length
        ? `Rows offered for skipping (not risks): ${offered.join(', ')}.`
        : 'Rows skipped: none.',
  );
  return lines;
}
