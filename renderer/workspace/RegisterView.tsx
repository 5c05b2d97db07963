import { useEffect, useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { BandKeyTable } from '../components/BandKeyTable.tsx';
import { RiskTable } from '../components/RiskTable.tsx';
import { useRegisterStore } from '../stores/register-store.ts';
import { settledRisks, useRisksStore } from '../stores/risks-store.ts';
import { BulkBar } from './BulkBar.tsx';
import { loadCategories } from './directory-actions.ts';
import { loadLayout } from './table-actions.ts';
import { ownersOf } from './table-model.ts';
import { TableToolbar } from './TableToolbar.tsx';
import { useRiskTable } from './use-risk-table.ts';
import './workspace.css';

/**
 * The register view: search, filters and layout, bulk changes, and the table. The table's box is the view's one
 * scroll area (the key scrolls with it), so the toolbar and the column headings stay on screen.
 */
export function RegisterView({
  risks,
  bandKey,
  selectedId,
}: {
  risks: RiskRecord[];
  bandKey: BandKey;
  selectedId: string | null;
}) {
  const path = useRegisterStore((s) => s.status?.path ?? null);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const model = useRiskTable(risks, bandKey);
  const { all, shownCount } = model;
  const owners = useMemo(() => ownersOf(all), [all]);

  useEffect(() => {
    if (path) void loadLayout(path);
  }, [path]);

  // Category appetites, for the appetite status (✓ ◇ ◆) in the Score column; read again when risks change (once
  // the list is whole, not on each page of it).
  const settled = useRisksStore(settledRisks);
  useEffect(() => {
    void loadCategories();
  }, [settled]);

  return (
    <div className="register-view">
      <TableToolbar all={all} shownCount={shownCount} bandKey={bandKey} readOnly={readOnly} />
      <BulkBar owners={owners} />
      <RiskTable
        model={model}
        selectedId={selectedId}
        footer={
          <div className="table-footer">
            <p className="hint keys-hint">
              Keys: ↑ ↓ move · Enter opens · Space ticks · Alt+1–5 sets impact · Alt+Shift+1–5 sets likelihood
              · Esc closes · Ctrl+Z undo · Ctrl+Shift+Z redo
            </p>
            <BandKeyTable bandKey={bandKey} />
          </div>
        }
      />
    </div>
  );
}
