import { useEffect, useRef, useState } from 'react';
import type { AuditCheck } from '../../shared/contract/history.ts';
import type { HistoryEntry } from '../../shared/domain.ts';
import { isIsoDate } from '../../shared/travel.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { exportAudit, loadAudit, setAuditFilter, setAuditOffset } from './history-actions.ts';
import { AUDIT_PAGE_SIZE, useAuditStore } from './stores.ts';
import { formatCount } from '../format/text.ts';
import { describeEntry, fieldLabel, formatDay, formatWhen, labelWords } from './words.ts';
import './history.css';
import '../io/io.css';
import { Modal } from '../io/Modal.tsx';
import { call } from '../api/client.ts';
import { messageOf } from '../api/api-error.ts';
import { revertWords, isRevertable } from '../../shared/revertable.ts';
import { revertApplied } from '../workspace/undo-actions.ts';

const ENTITY_WORDS: Record<HistoryEntry['entity'], string> = {
  risk: 'Risk',
  owner: 'Owner',
  category: 'Category',
  register: 'Register',
  action: 'Action',
  control: 'Control',
  assurance: 'Assurance',
  objective: 'Objective',
};

/** "History intact: 123 entries", or the first broken entry in red, in words. */
function ChainCheck({ check }: { check: AuditCheck | null }) {
  if (!check) return null;
  if (check.ok) {
    return (
      <p className="chain-ok" data-testid="chain-check" data-ok="true">
        ✓ History intact: {formatCount(check.entries)} {check.entries === 1 ? 'entry' : 'entries'}
      </p>
    );
  }
  return (
    <p className="chain-broken" role="alert" data-testid="chain-check" data-ok="false">
      ✗ {check.message} The entries from there on cannot be trusted: keep a copy of this file and tell whoever
      looks after the register.
    </p>
  );
}

/** dd/mm/yyyy → yyyy-mm-dd, or null when it is not a real date. */
export function parseDay(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A day typed as dd/mm/yyyy (whatever the system's date format), applied on Enter or on leaving the box. */
function DayInput({
  label,
  value,
  testid,
  onChange,
}: {
  label: string;
  value: string;
  testid: string;
  onChange: (iso: string) => void;
}) {
  const [draft, setDraft] = useState(value ? formatDay(value) : '');
  const [wrong, setWrong] = useState(false);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // Cleared or set elsewhere (Clear filters): start again from the filter.
    setShown(value);
    setDraft(value ? formatDay(value) : '');
    setWrong(false);
  }
  const apply = () => {
    if (draft.trim() === '') {
      setWrong(false);
      if (value) onChange('');
      return;
    }
    const iso = parseDay(draft);
    setWrong(iso === null);
    if (iso && iso !== value) onChange(iso);
  };
  return (
    <label>
      {label}
      <input
        className="input day-input"
        value={draft}
        placeholder="dd/mm/yyyy"
        inputMode="numeric"
        aria-invalid={wrong || undefined}
        aria-describedby={wrong ? `${testid}-error` : undefined}
        data-testid={testid}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      {wrong && (
        <span className="field-error" id={`${testid}-error`} role="alert">
          Write the date as dd/mm/yyyy, such as 31/03/2026.
        </span>
      )}
    </label>
  );
}

/**
 * Confirm an undo from the Audit trail: what will change back, in words; the undo goes through `history:revert`,
 * and a refusal (a later change touched the same thing) is shown here in words with nothing changed.
 */
function UndoDialog({
  entry,
  onClose,
  onDone,
}: {
  entry: HistoryEntry;
  onClose: () => void;
  onDone: (said: string) => void;
}) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The confirm button goes with a refusal: keep the keyboard in the dialog, on Close.
    if (refusal) close.current?.focus();
  }, [refusal]);
  const confirm = async () => {
    setBusy(true);
    try {
      const r = await call('history:revert', { seq: entry.seq });
      onDone(`Change #${entry.seq} undone. ${revertWords(entry, true)} Recorded as change #${r.seq}.`);
    } catch (e) {
      setRefusal(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Undo change #${entry.seq}?`}
      testId="audit-undo-dialog"
      onClose={onClose}
      footer={
        <>
          {!refusal && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              data-testid="audit-undo-confirm"
              onClick={() => void confirm()}
            >
              Undo change #{entry.seq}
            </button>
          )}
          <button type="button" ref={close} data-testid="audit-undo-cancel" onClick={onClose}>
            {refusal ? 'Close' : 'Cancel'}
          </button>
        </>
      }
    >
      <p data-testid="audit-undo-words">{revertWords(entry)}</p>
      <p className="hint">
        The undo is recorded in the history as a new change (“Undo of change #{entry.seq}”); nothing is
        deleted from the history.
      </p>
      {refusal && (
        <p className="notice notice-error" role="alert" data-testid="audit-undo-refusal">
          Nothing was changed. {refusal}
        </p>
      )}
    </Modal>
  );
}

/** Changes across the register: who, when, what, old → new, why; filtered, paged and exported. */
export function AuditView() {
  const bandKey = useRegisterStore(selectBandKey);
  const risks = useRisksStore((s) => s.risks);
  const { filters, offset, page, facets, check, loading, error, exported } = useAuditStore();
  const [undoing, setUndoing] = useState<HistoryEntry | null>(null);
  const [undone, setUndone] = useState<string | null>(null);

  useEffect(() => {
    void loadAudit();
  }, [risks]);

  const total = page?.total ?? 0;
  const refs = [...risks].sort((a, b) =>
    a.ref.localeCompare(b.ref, 'en-GB', { numeric: true, sensitivity: 'base' }),
  );
  return (
    <div className="history-view" data-testid="audit-view">
      <ChainCheck check={check} />
      <form className="filters" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
        <label>
          Person
          <select
            className="input"
            value={filters.person}
            data-testid="audit-person"
            onChange={(e) => void setAuditFilter({ person: e.target.value })}
          >
            <option value="">Anyone</option>
            {(facets?.people ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <DayInput
          label="From"
          value={filters.from}
          testid="audit-from"
          onChange={(v) => void setAuditFilter({ from: v })}
        />
        <DayInput
          label="To"
          value={filters.to}
          testid="audit-to"
          onChange={(v) => void setAuditFilter({ to: v })}
        />
        <label>
          Risk
          <select
            className="input"
            value={filters.riskId}
            data-testid="audit-risk"
            onChange={(e) => void setAuditFilter({ riskId: e.target.value })}
          >
            <option value="">Any risk</option>
            {refs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.ref}
              </option>
            ))}
          </select>
        </label>
        <label>
          Field
          <select
            className="input"
            value={filters.field}
            data-testid="audit-field"
            onChange={(e) => void setAuditFilter({ field: e.target.value })}
          >
            <option value="">Any field</option>
            {(facets?.fields ?? []).map((f) => (
              <option key={f} value={f}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => void setAuditFilter({ person: '', from: '', to: '', riskId: '', field: '' })}
        >
          Clear filters
        </button>
        <span className="button-row">
          <button type="button" data-testid="audit-export-csv" onClick={() => void exportAudit('csv')}>
            Export CSV…
          </button>
          <button type="button" data-testid="audit-export-xlsx" onClick={() => void exportAudit('xlsx')}>
            Export XLSX…
          </button>
        </span>
      </form>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {undone && (
        <p className="notice" role="status" data-testid="audit-undone">
          {undone}
        </p>
      )}
      {undoing && (
        <UndoDialog
          entry={undoing}
          onClose={() => setUndoing(null)}
          onDone={(said) => {
            setUndoing(null);
            setUndone(said);
            void revertApplied().then(() => loadAudit());
          }}
        />
      )}
      {exported && (
        <p className="notice" role="status">
          {exported}
        </p>
      )}
      <p className="history-summary" data-testid="audit-count" aria-live="polite">
        {loading && !page
          ? 'Reading the history…'
          : total === 0
            ? 'No changes match these filters.'
            : `Showing ${formatCount(offset + 1)}–${formatCount(Math.min(offset + AUDIT_PAGE_SIZE, total))} of ${formatCount(total)} changes, newest first`}
      </p>
      {page && page.entries.length > 0 && (
        <table className="history-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
              <th scope="col">Old → new</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="visually-hidden">Undo</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((e) => {
              const w = describeEntry(e, bandKey);
              return (
                <tr key={e.seq} data-testid="audit-row">
                  <td className="nowrap date">{formatWhen(e.at)}</td>
                  <td className="nowrap">{e.by}</td>
                  <td className="nowrap">
                    {e.entity === 'risk' ? e.label : `${ENTITY_WORDS[e.entity]} ${labelWords(e.label)}`}
                  </td>
                  <td>{w.what}</td>
                  <td>
                    {w.old && <span className="old-value">{w.old}</span>}
                    {w.old && w.new && <span aria-label="changed to"> → </span>}
                    {w.new}
                  </td>
                  <td>{e.reason ?? ''}</td>
                  <td className="nowrap">
                    {isRevertable(e) && (
                      <button
                        type="button"
                        className="link"
                        data-testid="audit-undo"
                        aria-label={`Undo change #${e.seq}: ${w.what}${e.entity === 'risk' ? ` of ${e.label}` : ''}`}
                        onClick={() => {
                          setUndone(null);
                          setUndoing(e);
                        }}
                      >
                        Undo
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {total > AUDIT_PAGE_SIZE && (
        <div className="pager">
          <button
            type="button"
            disabled={offset === 0 || loading}
            data-testid="audit-prev"
            onClick={() => void setAuditOffset(offset - AUDIT_PAGE_SIZE)}
          >
            ← Newer
          </button>
          <span className="num">
            Page {formatCount(Math.floor(offset / AUDIT_PAGE_SIZE) + 1)} of{' '}
            {formatCount(Math.ceil(total / AUDIT_PAGE_SIZE))}
          </span>
          <button
            type="button"
            disabled={offset + AUDIT_PAGE_SIZE >= total || loading}
            data-testid="audit-next"
            onClick={() => void setAuditOffset(offset + AUDIT_PAGE_SIZE)}
          >
            Older →
          </button>
        </div>
      )}
    </div>
  );
}
