import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import { bandStyle } from '../components/band-style.ts';
import { columnName, RISK_COLUMNS } from '../components/risk-columns.tsx';
import { MIN_FLEX_WIDTH } from '../components/RiskTable.tsx';
import { useRisksStore } from '../stores/risks-store.ts';
import {
  clearFilters,
  moveColumn,
  resetLayout,
  resizeColumn,
  setFilters,
  setGrouping,
  setSearch,
  toggleBandFilter,
  toggleColumn,
} from './table-actions.ts';
import type { GroupBy, RiskRow } from './table-model.ts';
import { GROUP_LABELS, ownersOf } from './table-model.ts';
import type { ColumnId } from './table-store.ts';
import { useTableStore } from './table-store.ts';
import { openNewRisk } from './workspace-actions.ts';

export const SEARCH_ID = 'register-search';

const WIDTH_STEP = 16;

/**
 * Keyboard resizing (the drag handles are pointer only): a step narrower or wider than the column is on
 * screen, saved at once.
 */
function stepWidth(id: ColumnId, step: number): void {
  const th = document.querySelector<HTMLElement>(`[data-testid="risk-table"] th[data-col="${id}"]`);
  const saved = useTableStore.getState().layout.widths[id];
  const start = RISK_COLUMNS.find((c) => c.id === id)?.size ?? MIN_FLEX_WIDTH;
  const now = th?.getBoundingClientRect().width || saved || start;
  resizeColumn(id, now + step, true);
}

/** Search, filters, grouping and columns above the register table. */
export function TableToolbar({
  all,
  shownCount,
  bandKey,
  readOnly,
}: {
  all: readonly RiskRow[];
  shownCount: number;
  bandKey: BandKey;
  readOnly: boolean;
}) {
  const filters = useTableStore((s) => s.filters);
  const search = useTableStore((s) => s.search);
  const layout = useTableStore((s) => s.layout);
  const categories = useRisksStore((s) => s.categories);
  // While the register arrives in pages, the count says it is not the whole register yet.
  const progress = useRisksStore((s) => s.progress);
  const owners = useMemo(() => ownersOf(all), [all]);
  const narrowed =
    search.trim() !== '' || filters.bands.length > 0 || filters.category !== null || filters.owner !== null;

  return (
    <div className="table-toolbar" role="search" aria-label="Find and arrange risks">
      <div className="toolbar-line">
        <input
          id={SEARCH_ID}
          type="search"
          className="input search-input"
          placeholder="Search ref, description, mitigation, owners…"
          aria-label="Search risks"
          data-testid="table-search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              e.stopPropagation();
              setSearch('');
            }
          }}
        />
        <button
          type="button"
          className="primary"
          data-testid="new-risk"
          disabled={readOnly}
          onClick={() => void openNewRisk()}
        >
          + New risk
        </button>
      </div>
      <div className="toolbar-line ws-filters">
        <fieldset className="band-filter" aria-label="Band">
          <legend className="toolbar-label">Band</legend>
          {bandKey.map((b) => {
            const on = filters.bands.includes(b.name);
            return (
              <button
                key={b.name}
                type="button"
                className={on ? 'band-chip on' : 'band-chip'}
                aria-pressed={on}
                data-testid={`filter-band-${b.name}`}
                onClick={() => toggleBandFilter(b.name)}
              >
                <span className="band-swatch" style={bandStyle(b)} aria-hidden="true" />
                {b.name}
              </button>
            );
          })}
        </fieldset>
        <label className="toolbar-field">
          <span className="toolbar-label">Category</span>
          <select
            className="input"
            data-testid="filter-category"
            value={filters.category ?? ''}
            onChange={(e) => setFilters({ category: e.target.value || null })}
          >
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span className="toolbar-label">Owner</span>
          <select
            className="input"
            data-testid="filter-owner"
            value={filters.owner ?? ''}
            onChange={(e) => setFilters({ owner: e.target.value || null })}
          >
            <option value="">All</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span className="toolbar-label">Group by</span>
          <select
            className="input"
            data-testid="group-by"
            value={layout.grouping ?? ''}
            onChange={(e) => setGrouping((e.target.value || null) as GroupBy | null)}
          >
            <option value="">None</option>
            {(Object.keys(GROUP_LABELS) as GroupBy[]).map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <details className="columns-menu">
          <summary data-testid="columns-menu">Columns</summary>
          <div className="columns-popover">
            <ul>
              {layout.order.map((id, i) => {
                const name = columnName(id);
                return (
                  <li key={id}>
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`column-${id}`}
                        checked={layout.visible.includes(id)}
                        onChange={() => toggleColumn(id)}
                      />{' '}
                      {name}
                    </label>
                    <span className="column-move">
                      <button
                        type="button"
                        aria-label={`Move ${name} left`}
                        disabled={i === 0}
                        onClick={() => moveColumn(id, -1)}
                      >
                        ←
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${name} right`}
                        data-testid={`column-right-${id}`}
                        disabled={i === layout.order.length - 1}
                        onClick={() => moveColumn(id, 1)}
                      >
                        →
                      </button>
                      <button
                        type="button"
                        aria-label={`Make ${name} narrower`}
                        data-testid={`column-narrower-${id}`}
                        disabled={!layout.visible.includes(id)}
                        onClick={() => stepWidth(id, -WIDTH_STEP)}
                      >
                        −
                      </button>
                      <button
                        type="button"
                        aria-label={`Make ${name} wider`}
                        data-testid={`column-wider-${id}`}
                        disabled={!layout.visible.includes(id)}
                        onClick={() => stepWidth(id, WIDTH_STEP)}
                      >
                        +
                      </button>
                    </span>
                  </li>
                );
              })}
            </ul>
            <button type="button" className="link" onClick={resetLayout}>
              Reset columns, sort and grouping
            </button>
          </div>
        </details>
        <p className="toolbar-count" data-testid="shown-count" aria-live="polite">
          {narrowed
            ? `Showing ${shownCount.toLocaleString('en-GB')} of ${all.length.toLocaleString('en-GB')}`
            : `${all.length.toLocaleString('en-GB')} ${all.length === 1 ? 'risk' : 'risks'}`}
          {progress && ` loaded so far of ${progress.total.toLocaleString('en-GB')} (loading…)`}
          {narrowed && (
            <>
              {' · '}
              <button type="button" className="link" data-testid="clear-filters" onClick={clearFilters}>
                Clear
              </button>
            </>
          )}
        </p>
      </div>
    </div>
  );
}
