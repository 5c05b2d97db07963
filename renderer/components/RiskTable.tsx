import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { KeyboardEvent } from 'react';
import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import type { RiskRow } from './risk-columns.tsx';
import { COLUMN_CLASS, RISK_COLUMNS } from './risk-columns.tsx';

const rowId = (r: RiskRow) => r.risk.id;
const coreRows = getCoreRowModel<RiskRow>();

/** The register as the published summary shows it; a row opens its risk in the panel. */
export function RiskTable({
  risks,
  bandKey,
  selectedId,
}: {
  risks: RiskRecord[];
  bandKey: BandKey;
  selectedId: string | null;
}) {
  // A new array only when the risks or the key change, so the table keeps its rows otherwise.
  const data = useMemo<RiskRow[]>(
    () => risks.map((risk) => ({ risk, ...currentBand(risk, bandKey) })),
    [risks, bandKey],
  );
  // TanStack Table v8 is not React Compiler-safe; this component is simply left unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: RISK_COLUMNS, getCoreRowModel: coreRows, getRowId: rowId });

  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectRisk(id);
    }
  };

  return (
    <table className="risk-table" data-testid="risk-table">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th key={h.id} scope="col" className={COLUMN_CLASS[h.column.id]}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => {
          const selected = row.id === selectedId;
          return (
            <tr
              key={row.id}
              data-testid={`risk-row-${row.original.risk.ref}`}
              className={selected ? 'selected' : undefined}
              aria-selected={selected}
              tabIndex={0}
              onClick={() => selectRisk(row.id)}
              onKeyDown={(e) => onKey(e, row.id)}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={COLUMN_CLASS[cell.column.id]} data-col={cell.column.id}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          );
        })}
        {data.length === 0 && (
          <tr>
            <td colSpan={RISK_COLUMNS.length} className="empty">
              This register has no risks yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
