/** Import and export from the window. Module functions: call the client, then set the io store. */
import type { SummaryScores, SummarySort } from '../../shared/export/summary.ts';
import type {
  ImportChoices,
  ImportField,
  ImportMapping,
  ImportPreview,
  ImportRowPreview,
  RepairKind,
  RepairRow,
} from '../../shared/import/types.ts';
import { IMPORT_FIELDS } from '../../shared/import/types.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { loadRisks } from '../actions/risk-actions.ts';
import { fileName } from '../format/text.ts';
import { count } from './count.ts';
import type { ExportFormat, ExportOptions, ImportState, IoDialog, RowsView } from './io-store.ts';
import { initialImportState, initialRowsView, PAGE_ROWS, repairId, useIoStore } from './io-store.ts';

function setImport(patch: Partial<ImportState>): void {
  useIoStore.setState((s) => ({ import: { ...s.import, ...patch } }));
}

function setExport(patch: Partial<ExportOptions & { busy: boolean; error: string | null }>): void {
  useIoStore.setState((s) => ({ export: { ...s.export, ...patch } }));
}

export function openIoDialog(dialog: IoDialog): void {
  const s = useIoStore.getState();
  if (s.open === dialog) return;
  useIoStore.setState({
    open: dialog,
    notice: null,
    import: dialog === 'import' ? initialImportState : s.import,
    export: { ...s.export, busy: false, error: null },
  });
}

export function dismissIoNotice(): void {
  useIoStore.setState({ notice: null });
}

/**
 * The rows that propose repairs (or need one), over the whole file: from `paged` when the preview carries one page
 * of rows, else from the rows themselves. The ticks, the blockers line and "Import N risks" are counted over these.
 */
export function repairRowsOf(preview: ImportPreview): RepairRow[] {
  if (preview.paged) return preview.paged.repairRows;
  return preview.rows
    .filter((r) => r.repairs.length > 0 || r.status === 'needs-repair')
    .map((r) => ({
      row: r.row,
      status: r.status,
      kinds: r.repairs.map((x) => x.kind),
      ...(r.errors.length > 0 ? { errors: true as const } : {}),
    }));
}

/** Every repair proposed, as the ids the ticks use. */
export function repairIds(preview: ImportPreview): string[] {
  return repairRowsOf(preview).flatMap((r) => r.kinds.map((k) => repairId(r.row, k)));
}

/** Why Import is not possible yet, in words; empty when it is. */
export function importBlockers(preview: ImportPreview, accepted: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (preview.fileErrors.length > 0) out.push('The file cannot be imported as it is.');
  const errors = preview.paged
    ? preview.counts.error
    : preview.rows.filter((r) => r.status === 'error').length;
  if (errors > 0) out.push(`${count(errors, 'row has', 'rows have')} errors to correct in the file.`);
  const unaccepted = repairRowsOf(preview).reduce(
    (n, r) => n + r.kinds.filter((k) => !accepted.has(repairId(r.row, k))).length,
    0,
  );
  if (unaccepted > 0) {
    out.push(`${count(unaccepted, 'proposed repair')} to accept (tick each one you agree with).`);
  }
  if ((preview.paged?.total ?? preview.rows.length) === 0 && preview.fileErrors.length === 0)
    out.push('The file has no risks to import.');
  return out;
}

/** Rows that would be written now: ready and warning rows, and rows whose every repair is ticked (not skipped ones). */
export function importableCount(preview: ImportPreview, accepted: ReadonlySet<string>): number {
  const ready = preview.paged
    ? preview.counts.ok + preview.counts.warning
    : preview.rows.filter((r) => r.status === 'ok' || r.status === 'warning').length;
  const repaired = repairRowsOf(preview).filter(
    (r) =>
      r.status === 'needs-repair' &&
      !r.errors &&
      !r.kinds.includes('skip-row') &&
      r.kinds.every((k) => accepted.has(repairId(r.row, k))),
  ).length;
  return ready + repaired;
}

/** The rows on show for a view: the page the main process answered, or a slice of the rows the preview holds. */
export function visibleRows(
  preview: ImportPreview,
  view: RowsView,
): { rows: ImportRowPreview[]; offset: number; total: number } {
  if (view.rows) return { rows: view.rows, offset: view.offset, total: view.total };
  const all = view.only === 'all';
  const list = all ? preview.rows : preview.rows.filter((r) => r.status !== 'ok');
  return {
    rows: list.slice(view.offset, view.offset + PAGE_ROWS),
    offset: view.offset,
    total: all ? (preview.paged?.total ?? list.length) : list.length,
  };
}

let rowsAsked = 0;

/** True when the preview holds every row of the file (no page needs asking for). */
function holdsEveryRow(preview: ImportPreview): boolean {
  return !preview.paged || preview.paged.total <= preview.rows.length;
}

/**
 * Show a page of rows: all rows or only those with something to check, from `offset`. The preview holds the first
 * page; any other page of a larger file is asked of the main process, which keeps the rows since the preview.
 */
export async function showRows(only: RowsView['only'], offset: number): Promise<void> {
  const { preview, mapping } = useIoStore.getState().import;
  if (!preview) return;
  // The last question wins: a page answered after a later click is not shown.
  const asked = ++rowsAsked;
  const start = Math.max(0, offset);
  if (holdsEveryRow(preview) || (only === 'all' && start === 0)) {
    setImport({ view: { only, offset: start, rows: null, total: 0 }, paging: false });
    return;
  }
  setImport({ paging: true, error: null });
  try {
    const page = await call('import:preview-rows', {
      path: preview.file,
      ...(mapping ? { mapping } : {}),
      offset: start,
      limit: PAGE_ROWS,
      only,
    });
    // Another preview (or the close of the dialog), or another page asked, since the question.
    if (asked !== rowsAsked || useIoStore.getState().import.preview !== preview) return;
    setImport({ paging: false, view: { only, offset: page.offset, rows: page.rows, total: page.total } });
  } catch (e) {
    if (asked !== rowsAsked || useIoStore.getState().import.preview !== preview) return;
    setImport({ paging: false, error: messageOf(e) });
  }
}

/** Ask which file (native dialog), then show what it holds. */
export async function chooseImportFile(): Promise<void> {
  setImport({ busy: 'choosing', error: null });
  try {
    // The first page of rows only: the rest are read a page at a time (issue 14: all of them were ~72 MB of JSON
    // for a 100,000-row file).
    const preview = await call('import:preview', { firstRows: PAGE_ROWS });
    if (preview === null) {
      // Cancelled in the dialog: keep whatever was showing.
      setImport({ busy: null });
      return;
    }
    useIoStore.setState({ import: { ...initialImportState, preview } });
  } catch (e) {
    setImport({ busy: null, error: messageOf(e) });
  }
}

/** The mapping as the wizard shows it, with `field` now coming from `header` (or from nothing). */
export function remap(preview: ImportPreview, field: ImportField, columnIndex: number | null): ImportMapping {
  const byField = new Map<ImportField, number>();
  for (const c of preview.columns) if (c.field) byField.set(c.field, c.index);
  // One column per field and one field per column: the column loses its old field, the field its old column.
  for (const [f, i] of byField) if (i === columnIndex) byField.delete(f);
  if (columnIndex === null) byField.delete(field);
  else byField.set(field, columnIndex);
  // A header the row repeats (Likelihood under Inherent, Current and Target) is named by position instead.
  const header = (i: number) => {
    const col = preview.columns.find((c) => c.index === i);
    if (!col) return null;
    const same = preview.columns.filter((c) => c.header.trim() === col.header.trim()).length;
    return same === 1 && col.header.trim() ? col.header : `#${col.letter ?? String(col.index + 1)}`;
  };
  return Object.fromEntries(
    IMPORT_FIELDS.map((f) => {
      const i = byField.get(f);
      return [f, i === undefined ? null : header(i)];
    }),
  ) as ImportMapping;
}

/** The user chose another field for a column: read the file again with that mapping. */
export async function changeColumnField(columnIndex: number, field: ImportField | null): Promise<void> {
  const { preview } = useIoStore.getState().import;
  if (!preview) return;
  const column = preview.columns.find((c) => c.index === columnIndex);
  if (!column) return;
  let mapping: ImportMapping;
  if (field === null) {
    if (!column.field) return;
    mapping = remap(preview, column.field, null);
  } else {
    mapping = remap(preview, field, columnIndex);
  }
  await previewWith({ ...choicesOf(useIoStore.getState().import.mapping), ...mapping });
}

/** The choices (sheet, scales, owner rule, rounding, conversion) of a mapping, without its columns. */
function choicesOf(mapping: ImportMapping | null): ImportChoices {
  if (!mapping) return {};
  const { sheet, scales, ownerRule, rounding, convert } = mapping;
  return Object.fromEntries(
    Object.entries({ sheet, scales, ownerRule, rounding, convert }).filter(([, v]) => v !== undefined),
  ) as ImportChoices;
}

/**
 * The user changed a choice (another sheet, a word's number, the owner rule, the rounding): read the file again.
 * A choice set to undefined is dropped. Another sheet has other columns, so the columns are recognised afresh.
 */
export async function changeImportChoice(patch: Partial<ImportChoices>): Promise<void> {
  const current = useIoStore.getState().import.mapping ?? {};
  const base: ImportMapping = patch.sheet !== undefined ? choicesOf(current) : { ...current };
  const merged: ImportMapping = { ...base, ...patch };
  const next = Object.fromEntries(
    Object.entries(merged).filter(([k, v]) => !(k in patch) || v !== undefined),
  ) as ImportMapping;
  await previewWith(next);
}

async function previewWith(mapping: ImportMapping): Promise<void> {
  const { preview } = useIoStore.getState().import;
  if (!preview) return;
  setImport({ busy: 'previewing', error: null });
  try {
    const next = await call('import:preview', { path: preview.file, mapping, firstRows: PAGE_ROWS });
    if (next === null) {
      setImport({ busy: null });
      return;
    }
    const { accepted, view } = useIoStore.getState().import;
    // Keep the ticks that still match a repair the new preview proposes.
    const still = new Set(repairIds(next));
    setImport({
      preview: next,
      mapping,
      busy: null,
      accepted: accepted.filter((a) => still.has(a)),
      view: initialRowsView,
    });
    // The filter stays as the user set it, from the first page of the new rows.
    if (view.only === 'problems') await showRows('problems', 0);
  } catch (e) {
    setImport({ busy: null, error: messageOf(e) });
  }
}

export function setRepairAccepted(id: string, on: boolean): void {
  const { accepted } = useIoStore.getState().import;
  const without = accepted.filter((a) => a !== id);
  setImport({ accepted: on ? [...without, id] : without });
}

/** Tick every repair proposed (the user's choice, made with one button). */
export function acceptAllRepairs(): void {
  const { preview } = useIoStore.getState().import;
  if (!preview) return;
  setImport({ accepted: repairIds(preview) });
}

/** Import every row, all or nothing. On success the wizard closes and the register reloads. */
export async function commitImport(): Promise<boolean> {
  const { preview, mapping, accepted } = useIoStore.getState().import;
  if (!preview) return false;
  setImport({ busy: 'importing', error: null });
  try {
    const result = await call('import:commit', {
      path: preview.file,
      ...(mapping ? { mapping } : {}),
      accept: accepted.map((a) => {
        const [row, kind] = a.split(':');
        return { row: Number(row), kind: kind as RepairKind };
      }),
      fileHash: preview.fileHash,
    });
    useIoStore.setState({
      open: null,
      import: initialImportState,
      notice: {
        tone: 'done',
        text: [
          `Imported ${count(result.imported, 'risk')} from ${result.fileName}.`,
          ...(result.summary ?? []),
        ].join(' '),
      },
    });
    await loadRisks();
    return true;
  } catch (e) {
    setImport({ busy: null, error: `${messageOf(e)}\nThe register is unchanged.` });
    return false;
  }
}

export function cancelImport(): void {
  const { preview } = useIoStore.getState().import;
  // What the main process keeps for this preview's pages and commit is let go now (nothing to wait for or show).
  if (preview) void call('import:cancel', {}).catch(() => undefined);
  useIoStore.setState({
    open: null,
    import: initialImportState,
    notice: preview
      ? { tone: 'quiet', text: `Import of ${preview.fileName} cancelled: the register is unchanged.` }
      : null,
  });
}

export function setExportOptions(patch: Partial<ExportOptions>): void {
  setExport({ ...patch, error: null });
}

export function setExportFormat(format: ExportFormat): void {
  setExportOptions({ format });
}

export function setExportScores(scores: SummaryScores): void {
  setExportOptions({ scores });
}

export function setExportSort(sort: SummarySort): void {
  setExportOptions({ sort });
}

/** Write the summary where the user chooses (native save dialog). */
export async function runExport(): Promise<boolean> {
  const { format, scores, bands, sort, travel, exempt, marking } = useIoStore.getState().export;
  setExport({ busy: true, error: null });
  try {
    const result = await call('export:summary', {
      format,
      scores,
      bands,
      sort,
      ...(travel && scores === 'current' ? { travel: true } : {}),
      ...(format === 'pdf' && exempt ? { exempt: true } : {}),
      ...(format === 'pdf' && marking.trim() ? { marking: marking.trim() } : {}),
    });
    if (result === null) {
      setExport({ busy: false });
      return false;
    }
    useIoStore.setState((s) => ({
      open: null,
      export: { ...s.export, busy: false, error: null },
      notice: {
        tone: 'done',
        text: `Exported ${count(result.rows, 'risk')} to ${fileName(result.path)} · ${result.subtitle}.`,
      },
    }));
    return true;
  } catch (e) {
    setExport({ busy: false, error: messageOf(e) });
    return false;
  }
}

/**
 * Write the register workbook (Risks, Actions, Owners, Key) where the user chooses: the main process asks with its
 * own save dialog, so the window never names a path.
 */
export async function runRegisterExport(): Promise<boolean> {
  try {
    const result = await call('export:register', {});
    if (result === null) return false;
    useIoStore.setState({
      notice: {
        tone: 'done',
        text: `Exported the register workbook to ${fileName(result.path)}: ${count(result.risks, 'risk')}, ${count(result.actions, 'action')}. It imports into an empty register as it is.`,
      },
    });
    return true;
  } catch (e) {
    useIoStore.setState({
      notice: { tone: 'quiet', text: `The register workbook was not written: ${messageOf(e)}` },
    });
    return false;
  }
}

export function closeExport(): void {
  useIoStore.setState((s) => ({ open: null, export: { ...s.export, busy: false, error: null } }));
}
