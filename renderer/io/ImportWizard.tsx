import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { ImportField, ImportPreview, ImportRowPreview, RowStatus } from '../../shared/import/types.ts';
import { FIELD_LABELS, IMPORT_FIELDS } from '../../shared/import/types.ts';
import type { OtherScale } from '../../shared/import/other-scales.ts';
import { evenIdentity } from '../../shared/import/other-scales.ts';
import { describeAction } from '../../shared/import/continuation.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { count, n } from './count.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import {
  acceptAllRepairs,
  cancelImport,
  changeColumnField,
  changeImportChoice,
  chooseImportFile,
  commitImport,
  importableCount,
  importBlockers,
  repairRowsOf,
  setRepairAccepted,
  showRows,
  visibleRows,
} from './io-actions.ts';
import type { RowsView } from './io-store.ts';
import { PAGE_ROWS, repairId, useIoStore } from './io-store.ts';
import { Modal } from './Modal.tsx';
import './io.css';

const STATUS_WORDS: Record<RowStatus, string> = {
  ok: 'Ready',
  warning: 'Warning',
  'needs-repair': 'Needs repair',
  error: 'Error',
  skipped: 'Skipped',
};

const SOURCE_WORDS = {
  supplied: 'your choice',
  remembered: 'as last time',
  recognised: 'recognised',
} as const;

/** File › Import: choose a file, check the mapping and every row, accept repairs, then import all or nothing. */
export function ImportWizard() {
  const state = useIoStore((s) => s.import);
  const bandKey = useRegisterStore(selectBandKey);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const { preview, busy, error } = state;
  // A set: a file of 10,000 rows may have as many repairs ticked.
  const accepted = useMemo(() => new Set(state.accepted), [state.accepted]);
  const blockers = preview ? importBlockers(preview, accepted) : [];
  if (readOnly) blockers.unshift('This register is open read-only.');
  const canImport = preview !== null && blockers.length === 0 && busy === null;
  const importable = preview ? importableCount(preview, accepted) : 0;

  return (
    <Modal
      title={preview ? `Import from ${preview.fileName}` : 'Import risks'}
      onClose={cancelImport}
      wide={preview !== null}
      testId="import-wizard"
      footer={
        <>
          {preview && (
            <p className="io-footer-status" data-testid="import-blockers">
              {blockers.length === 0
                ? `Ready to import ${count(importable, 'risk')}, all or nothing.`
                : blockers.join(' ')}
            </p>
          )}
          <div className="button-row">
            <button type="button" onClick={cancelImport} disabled={busy === 'importing'}>
              Cancel
            </button>
            {preview && (
              <button
                type="button"
                className="primary"
                disabled={!canImport}
                data-testid="import-commit"
                onClick={() => void commitImport()}
              >
                {busy === 'importing' ? 'Importing…' : `Import ${count(importable, 'risk')}`}
              </button>
            )}
          </div>
        </>
      }
    >
      {error && (
        <div className="notice notice-error io-error" role="alert" data-testid="import-error">
          {error.split('\n').map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      )}
      {!preview ? (
        <div className="io-choose">
          <p>
            Bring in risks from a CSV file or an Excel workbook. Nothing is written until you have checked
            every row and chosen Import; then every row goes in together, or none does.
          </p>
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            data-testid="import-choose"
            onClick={() => void chooseImportFile()}
          >
            {busy === 'choosing' ? 'Reading the file…' : 'Choose a file…'}
          </button>
        </div>
      ) : (
        <ImportPreviewBody
          preview={preview}
          accepted={accepted}
          bandKey={bandKey}
          busy={busy !== null}
          view={state.view}
          paging={state.paging}
        />
      )}
    </Modal>
  );
}

function ImportPreviewBody({
  preview,
  accepted,
  bandKey,
  busy,
  view,
  paging,
}: {
  preview: ImportPreview;
  accepted: ReadonlySet<string>;
  bandKey: BandKey;
  busy: boolean;
  view: RowsView;
  paging: boolean;
}) {
  const onlyProblems = view.only === 'problems';
  const c = preview.counts;
  const repairs = useMemo(() => repairRowsOf(preview).reduce((n, r) => n + r.kinds.length, 0), [preview]);
  const { rows: shown, offset, total } = visibleRows(preview, view);
  const source = [
    preview.format === 'xlsx' ? `Excel workbook, sheet “${preview.sheet ?? ''}”` : 'CSV file',
    preview.encoding,
    `header on row ${preview.headerRow}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="io-preview">
      <p className="io-source">{source}</p>
      {preview.fileErrors.length > 0 && (
        <div className="notice notice-error" role="alert" data-testid="import-file-errors">
          <p className="notice-title">This file cannot be imported as it is:</p>
          <ul>
            {preview.fileErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.notes.length > 0 && (
        <ul className="io-notes">
          {preview.notes.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}

      <ImportChoicesSection preview={preview} busy={busy} />

      <section className="io-section" aria-labelledby="io-mapping-title">
        <h3 id="io-mapping-title">Columns</h3>
        <p className="hint">Check what each column of the file holds; change any that were read wrongly.</p>
        <div className="io-mapping" data-testid="import-mapping">
          {preview.columns.map((col) => (
            <div key={col.index} className="io-map-item">
              <span className="io-map-header" title={col.header}>
                {col.group ? `${col.group} › ` : ''}
                {col.header || `(column ${col.letter ?? col.index + 1}, no header)`}
              </span>
              <select
                className="input"
                aria-label={`Field for the column “${col.header}”`}
                data-testid={`import-map-${col.index}`}
                value={col.field ?? ''}
                disabled={busy}
                onChange={(e) =>
                  void changeColumnField(
                    col.index,
                    e.target.value === '' ? null : (e.target.value as ImportField),
                  )
                }
              >
                <option value="">Not imported</option>
                {IMPORT_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {FIELD_LABELS[f]}
                  </option>
                ))}
              </select>
              <span className="io-muted io-map-source">
                {col.field && col.source ? SOURCE_WORDS[col.source] : ''}
                {col.note ? (col.field && col.source ? ` — ${col.note}` : ` ${col.note}`) : ''}
              </span>
            </div>
          ))}
        </div>
      </section>

      <section className="io-section" aria-labelledby="io-rows-title">
        <div className="io-rows-head">
          <h3 id="io-rows-title">Rows</h3>
          <p className="io-counts" data-testid="import-counts">
            {count(c.rows, 'row')}: {n(c.ok)} ready · {n(c.warning)} with warnings · {n(c.needsRepair)}{' '}
            needing a repair · {count(c.error, 'error')}
            {c.skipped ? ` · ${n(c.skipped)} skipped` : ''}
          </p>
          <label className="io-check">
            <input
              type="checkbox"
              checked={onlyProblems}
              data-testid="import-only-problems"
              onChange={(e) => void showRows(e.target.checked ? 'problems' : 'all', 0)}
            />{' '}
            Only rows with something to check
          </label>
          {repairs > 0 && (
            <button type="button" className="link" onClick={acceptAllRepairs} data-testid="import-accept-all">
              {repairs === 1 ? 'Accept the proposed repair' : `Accept all ${repairs} proposed repairs`}
            </button>
          )}
        </div>
        {total > PAGE_ROWS && (
          <RowsPager only={view.only} offset={offset} shown={shown.length} total={total} paging={paging} />
        )}
        <table className="io-rows" data-testid="import-rows" aria-busy={paging}>
          <thead>
            <tr>
              <th scope="col" className="col-num">
                Row
              </th>
              <th scope="col">Ref</th>
              <th scope="col">Category</th>
              <th scope="col">Description of risk</th>
              <th scope="col" className="col-num">
                <abbr title="Impact">I</abbr>
              </th>
              <th scope="col" className="col-num">
                <abbr title="Likelihood">L</abbr>
              </th>
              <th scope="col">Score</th>
              <th scope="col">Owner</th>
              <th scope="col">Checks</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <PreviewRow key={r.row} row={r} accepted={accepted} bandKey={bandKey} />
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={9} className="io-muted">
                  {onlyProblems ? 'Every row is ready.' : 'The file has no rows under its header.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** Previous / Next through the rows of a file larger than a page; the counts above cover them all. */
function RowsPager({
  only,
  offset,
  shown,
  total,
  paging,
}: {
  only: RowsView['only'];
  offset: number;
  shown: number;
  total: number;
  paging: boolean;
}) {
  const last = offset + shown;
  const which = only === 'problems' ? `${n(total)} rows with something to check` : `${n(total)} rows`;
  return (
    <div className="io-pager" role="group" aria-label="Pages of rows" data-testid="import-pager">
      <button
        type="button"
        data-testid="import-rows-prev"
        // Not disabled while a page is read: a disabled button would drop the keyboard focus.
        disabled={offset === 0}
        onClick={() => void showRows(only, offset - PAGE_ROWS)}
      >
        Previous {n(PAGE_ROWS)}
      </button>
      <p className="hint" aria-live="polite" data-testid="import-rows-range">
        {paging
          ? 'Reading the rows…'
          : `Rows ${n(shown ? offset + 1 : 0)}–${n(last)} of ${which}; the counts above cover them all.`}
      </p>
      <button
        type="button"
        data-testid="import-rows-next"
        disabled={last >= total}
        onClick={() => void showRows(only, offset + PAGE_ROWS)}
      >
        Next {n(Math.min(PAGE_ROWS, Math.max(0, total - last)) || PAGE_ROWS)}
      </button>
    </div>
  );
}

function PreviewRow({
  row,
  accepted,
  bandKey,
}: {
  row: ImportRowPreview;
  accepted: ReadonlySet<string>;
  bandKey: BandKey;
}) {
  const v = row.values;
  const band = v.band ? bandKey.find((b) => b.name === v.band) : undefined;
  return (
    <>
      <tr
        className={`io-row io-row-${row.status}${row.actions?.length ? ' io-row-has-actions' : ''}`}
        data-testid={`import-row-${row.row}`}
        data-status={row.status}
      >
        <td className="col-num num">{row.row}</td>
        <td className="col-ref" title={v.ref || row.ref || undefined}>
          {v.ref || row.ref || '—'}
        </td>
        <td>{v.category}</td>
        <td title={v.title ? `${v.title} — ${v.description}` : v.description}>
          {v.title && (
            <div className="io-title" data-testid={`import-title-${row.row}`}>
              {v.title}
            </div>
          )}
          <div className="io-desc">{v.description}</div>
        </td>
        <td className="col-num num">{v.impact ?? ''}</td>
        <td className="col-num num">{v.likelihood ?? ''}</td>
        <td>{band && v.score !== null ? <BandBadge band={band} score={v.score} /> : ''}</td>
        <td>{v.owners.join(', ')}</td>
        <td className="io-checks">
          <span className={`io-status io-status-${row.status}`}>{STATUS_WORDS[row.status]}</span>
          {row.errors.map((m) => (
            <p key={m} className="io-msg io-msg-error">
              {m}
            </p>
          ))}
          {row.warnings.map((m) => (
            <p key={m} className="io-msg io-msg-warning">
              {m}
            </p>
          ))}
          {row.repairs.map((x) => {
            const id = repairId(row.row, x.kind);
            return (
              <label key={id} className="io-repair">
                <input
                  type="checkbox"
                  checked={accepted.has(id)}
                  data-testid={`import-repair-${id}`}
                  onChange={(e) => setRepairAccepted(id, e.target.checked)}
                />{' '}
                Accept: {x.message}
              </label>
            );
          })}
          {row.notes
            .filter((m) => !(row.actions?.length && /^\d+ tracked actions? will be created: /.test(m)))
            .map((m) => (
              <p key={m} className="io-msg io-muted">
                {m}
              </p>
            ))}
        </td>
      </tr>
      {row.actions && row.actions.length > 0 && (
        <tr className="io-row-actions" data-testid={`import-actions-${row.row}`}>
          <td />
          <td colSpan={8}>
            <span className="io-muted">
              {row.ref || v.ref}:{' '}
              {row.actions.length === 1 ? '1 tracked action' : `${row.actions.length} tracked actions`} will
              be created
            </span>
            <ul>
              {row.actions.map((a) => (
                <li key={a.row}>
                  <span className="io-muted">row {a.row}</span> {describeAction(a)}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

const OWNER_RULE_WORDS = {
  '': 'Split safely (job titles kept whole)',
  one: 'One owner per cell',
  split: 'Split on / , ; & only',
  initials: 'Initials (split on spaces too)',
} as const;

const ROUNDING_WORDS = {
  '': 'Refuse decimal scores',
  'half-up': 'Round half up (3.5 → 4)',
  up: 'Round up (3.1 → 4)',
  down: 'Round down (3.9 → 3)',
} as const;

/** The choices beyond columns: the sheet, the owner rule, the rounding of decimals and the word scales. */
function ImportChoicesSection({ preview, busy }: { preview: ImportPreview; busy: boolean }) {
  const mapping = useIoStore((s) => s.import.mapping);
  const sheets = preview.sheets ?? [];
  const scales = preview.scales ?? [];
  const supplied: Record<string, number> = mapping?.scales ?? {};
  return (
    <section className="io-section" aria-labelledby="io-choices-title" data-testid="import-choices">
      <h3 id="io-choices-title">Choices</h3>
      <div className="io-mapping">
        {sheets.length > 1 && (
          <label className="io-map-item">
            <span className="io-map-header">Sheet</span>
            <select
              className="input"
              data-testid="import-sheet"
              value={preview.sheet ?? ''}
              disabled={busy}
              onChange={(e) => void changeImportChoice({ sheet: e.target.value })}
            >
              {sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="io-map-item">
          <span className="io-map-header">Owner cells</span>
          <select
            className="input"
            data-testid="import-owner-rule"
            value={mapping?.ownerRule ?? ''}
            disabled={busy}
            onChange={(e) =>
              void changeImportChoice({
                ownerRule:
                  e.target.value === '' ? undefined : (e.target.value as 'one' | 'split' | 'initials'),
              })
            }
          >
            {Object.entries(OWNER_RULE_WORDS).map(([v, w]) => (
              <option key={v} value={v}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label className="io-map-item">
          <span className="io-map-header">Decimal scores</span>
          <select
            className="input"
            data-testid="import-rounding"
            value={mapping?.rounding ?? ''}
            disabled={busy}
            onChange={(e) =>
              void changeImportChoice({
                rounding: e.target.value === '' ? undefined : (e.target.value as 'half-up' | 'up' | 'down'),
              })
            }
          >
            {Object.entries(ROUNDING_WORDS).map(([v, w]) => (
              <option key={v} value={v}>
                {w}
              </option>
            ))}
          </select>
        </label>
      </div>
      {preview.otherScale && <OtherScaleChoice scale={preview.otherScale} busy={busy} />}
      {scales.length > 0 && (
        <table className="io-rows" data-testid="import-scales">
          <caption className="hint">Words in the score columns, and the number (1–5) each becomes</caption>
          <thead>
            <tr>
              <th scope="col">Word in the file</th>
              <th scope="col">Becomes</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {scales.map((u) => (
              <tr key={u.word}>
                <td>{u.word}</td>
                <td>
                  <select
                    className="input"
                    aria-label={`Number for “${u.word}”`}
                    data-testid={`import-scale-${u.word}`}
                    value={u.value}
                    disabled={busy}
                    onChange={(e) =>
                      void changeImportChoice({ scales: { ...supplied, [u.word]: Number(e.target.value) } })
                    }
                  >
                    {[1, 2, 3, 4, 5].map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="io-muted">
                  {u.source === 'supplied'
                    ? 'your choice'
                    : u.source === 'remembered'
                      ? 'as last time'
                      : `recognised: ${u.scale ?? ''} (accept it on each row)`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A 3-, 4- or 6-point file: the conversion to 1–5, proposed and never applied until the user chooses it. */
function OtherScaleChoice({ scale, busy }: { scale: OtherScale; busy: boolean }) {
  const shown = scale.chosen ?? scale.proposed;
  const points = Object.keys(scale.proposed).sort((a, b) => Number(a) - Number(b));
  return (
    <div className="io-other-scale" data-testid="import-other-scale">
      <p
        className={scale.chosen ? 'hint' : 'notice notice-warning inline'}
        data-testid="import-other-scale-status"
      >
        {scale.chosen
          ? `Scores are on a ${scale.points}-point scale (${scale.why}); converted to 1–5 as below.`
          : `Scores seem to be on a ${scale.points}-point scale (${scale.why}). Nothing is converted until you choose: check the proposed numbers below, then confirm.`}
      </p>
      <table className="io-rows" data-testid="import-convert">
        <caption className="hint">Each point in the file, and the number (1–5) it becomes</caption>
        <thead>
          <tr>
            <th scope="col">In the file</th>
            <th scope="col">Becomes</th>
          </tr>
        </thead>
        <tbody>
          {points.map((k) => (
            <tr key={k}>
              <td>{k}</td>
              <td>
                <select
                  className="input"
                  aria-label={`Number for ${k} on the ${scale.points}-point scale`}
                  data-testid={`import-convert-${k}`}
                  value={shown[k] ?? ''}
                  disabled={busy}
                  onChange={(e) =>
                    void changeImportChoice({ convert: { ...shown, [k]: Number(e.target.value) } })
                  }
                >
                  {[1, 2, 3, 4, 5].map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        {!scale.chosen && (
          <button
            type="button"
            className="primary"
            data-testid="import-convert-confirm"
            disabled={busy}
            onClick={() => void changeImportChoice({ convert: { ...scale.proposed } })}
          >
            Confirm this conversion
          </button>
        )}
        {scale.points !== 6 && (
          <button
            type="button"
            data-testid="import-convert-keep"
            disabled={busy}
            onClick={() => void changeImportChoice({ convert: evenIdentity(scale.points) })}
          >
            Keep the numbers as they are
          </button>
        )}
        {scale.chosen && (
          <button
            type="button"
            data-testid="import-convert-clear"
            disabled={busy}
            onClick={() => void changeImportChoice({ convert: undefined })}
          >
            Undo the choice
          </button>
        )}
      </div>
    </div>
  );
}
