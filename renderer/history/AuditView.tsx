import { useEffect } from 'react';
import type { AuditCheck } from '../../shared/contract/history.ts';
import type { HistoryEntry } from '../../shared/domain.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { exportAudit, loadAudit, setAuditFilter, setAuditOffset } from './history-actions.ts';
import { AUDIT_PAGE_SIZE, useAuditStore } from './stores.ts';
import { describeEntry, fieldLabel, formatWhen } from './words.ts';
import './history.css';

const ENTITY_WORDS: Record<HistoryEntry['entity'], string> = {
  risk: 'Risk',
  owner: 'Owner',
  category: 'Category',
  register: 'Register',
  action: 'Action',
};

/** "History intact: 123 entries", or the first broken entry in red, in words. */
function ChainCheck({ check }: { check: AuditCheck | null }) {
  if (!check) return null;
  if (check.ok) {
    return (
      <p className="chain-ok" data-testid="chain-check" data-ok="true">
        ✓ History intact: {check.entries} {check.entries === 1 ? 'entry' : 'entries'}
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

/** Changes across the register: who, when, what, old → new, why; filtered, paged and exported. */
export function AuditView() {
  const bandKey = useRegisterStore(selectBandKey);
  const risks = useRisksStore((s) => s.risks);
  const { filters, offset, page, facets, check, loading, error, exported } = useAuditStore();

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
        <label>
          From
          <input
            type="date"
            className="input"
            value={filters.from}
            data-testid="audit-from"
            onChange={(e) => void setAuditFilter({ from: e.target.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            className="input"
            value={filters.to}
            data-testid="audit-to"
            onChange={(e) => void setAuditFilter({ to: e.target.value })}
          />
        </label>
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
            : `Showing ${offset + 1}–${Math.min(offset + AUDIT_PAGE_SIZE, total)} of ${total} changes, newest first`}
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
            </tr>
          </thead>
          <tbody>
            {page.entries.map((e) => {
              const w = describeEntry(e, bandKey);
              return (
                <tr key={e.seq} data-testid="audit-row">
                  <td className="nowrap num">{formatWhen(e.at)}</td>
                  <td className="nowrap">{e.by}</td>
                  <td className="nowrap">
                    {e.entity === 'risk' ? e.label : `${ENTITY_WORDS[e.entity]} ${e.label}`}
                  </td>
                  <td>{w.what}</td>
                  <td>
                    {w.old && <span className="old-value">{w.old}</span>}
                    {w.old && w.new && <span aria-label="changed to"> → </span>}
                    {w.new}
                  </td>
                  <td>{e.reason ?? ''}</td>
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
            Page {Math.floor(offset / AUDIT_PAGE_SIZE) + 1} of {Math.ceil(total / AUDIT_PAGE_SIZE)}
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
