/**
 * The register table's columns for @tanstack/react-table, at module scope: the published summary's columns
 * and the optional ones. The table runs in manual mode: how each column sorts, filters and groups is the
 * pipeline's (`renderer/workspace/table-model.ts`); the columns give the headers, cells and widths.
 */
import type { ColumnDef, RowData } from '@tanstack/react-table';
import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { assess } from '../../shared/scoring.ts';
import { TRAVEL_COLUMNS } from '../history/travel-columns.tsx';
import type { RiskRow } from '../workspace/table-model.ts';
import type { ColumnId } from '../workspace/table-store.ts';
import { ScoreCell } from '../workspace/ScoreCell.tsx';
import { BandBadge } from './BandBadge.tsx';

export type { RiskRow } from '../workspace/table-model.ts';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface TableMeta<TData extends RowData> {
    /** The register's band key, for the cells that show a band. */
    bandKey: BandKey;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The column's name in words (column chooser, sort and resize labels). */
    name: string;
    className: string;
    /** No starting width: the column takes what is left until the user sizes it. */
    flex?: boolean;
    /** The full text shown on hover when a long table cuts the cell to two lines. */
    clampTitle?: (row: RiskRow) => string;
  }
}

function pairCell(pair: ScorePair | null, key: BandKey): ReactNode {
  if (!pair) return <span className="muted">Not set</span>;
  const a = assess(pair.impact, pair.likelihood, key);
  return (
    <span className="pair-cell">
      <span className="num">
        {pair.impact}×{pair.likelihood}
      </span>{' '}
      <BandBadge band={a.band} score={a.score} />
    </span>
  );
}

const pairScore = (pair: ScorePair | null) => (pair ? pair.impact * pair.likelihood : 0);

const col = createColumnHelper<RiskRow>();

/** The columns the user can show, hide, order, size and sort (every `ColumnId`). */
export const RISK_COLUMNS = [
  col.accessor((r) => r.risk.ref, {
    id: 'ref',
    header: 'Ref',
    size: 62,
    meta: { name: 'Ref', className: 'col-ref' },
  }),
  col.accessor((r) => r.risk.category, {
    id: 'category',
    header: 'Category',
    size: 116,
    meta: { name: 'Category', className: 'col-category', clampTitle: (r) => r.risk.category },
  }),
  col.accessor((r) => r.risk.description, {
    id: 'description',
    header: 'Description',
    // The short title, when the risk has one, above the description (both inside the cell's clamp).
    cell: (c) => {
      const { title, description } = c.row.original.risk;
      if (!title) return description;
      return (
        <>
          <strong className="risk-title" data-testid="risk-title">
            {title}
          </strong>{' '}
          <span className="risk-title-sep" aria-hidden="true">
            —{' '}
          </span>
          {description}
        </>
      );
    },
    meta: {
      name: 'Description',
      className: 'col-description',
      flex: true,
      clampTitle: (r) => (r.risk.title ? `${r.risk.title} — ${r.risk.description}` : r.risk.description),
    },
  }),
  col.accessor((r) => r.risk.impact ?? '', {
    id: 'impact',
    header: () => <abbr title="Impact (1 Negligible to 5 Severe)">I</abbr>,
    size: 34,
    meta: { name: 'Impact', className: 'col-num' },
  }),
  col.accessor((r) => r.risk.likelihood ?? '', {
    id: 'likelihood',
    header: () => <abbr title="Likelihood (1 Rare to 5 Almost certain)">L</abbr>,
    size: 34,
    meta: { name: 'Likelihood', className: 'col-num' },
  }),
  col.accessor((r) => r.score, {
    id: 'score',
    header: 'Score',
    // Wide enough for the appetite status under the number ("◇ tolerance").
    size: 96,
    cell: (c) => <ScoreCell row={c.row.original} />,
    meta: { name: 'Score', className: 'col-num col-score' },
  }),
  col.accessor((r) => r.band?.name ?? '', {
    id: 'band',
    header: 'Band',
    size: 96,
    cell: (c) => <BandBadge band={c.row.original.band} />,
    meta: { name: 'Band', className: 'col-band' },
  }),
  col.accessor((r) => r.risk.mitigation, {
    id: 'mitigation',
    header: 'Mitigation',
    meta: {
      name: 'Mitigation',
      className: 'col-mitigation',
      flex: true,
      clampTitle: (r) => r.risk.mitigation,
    },
  }),
  col.accessor((r) => r.risk.owners.join(' '), {
    id: 'owners',
    header: 'Owner(s)',
    size: 76,
    meta: { name: 'Owner(s)', className: 'col-owners', clampTitle: (r) => r.risk.owners.join(' ') },
  }),
  col.accessor((r) => pairScore(r.risk.inherent), {
    id: 'inherent',
    header: 'Inherent',
    size: 120,
    cell: (c) => pairCell(c.row.original.risk.inherent, c.table.options.meta?.bandKey ?? []),
    meta: { name: 'Inherent score', className: 'col-pair' },
  }),
  col.accessor((r) => pairScore(r.risk.target), {
    id: 'target',
    header: 'Target',
    size: 120,
    cell: (c) => pairCell(c.row.original.risk.target, c.table.options.meta?.bandKey ?? []),
    meta: { name: 'Target score', className: 'col-pair' },
  }),
  // Travel, time in band and next review come from the travel store; they show but do not sort.
  ...TRAVEL_COLUMNS.map((t) =>
    col.accessor(() => '', {
      id: t.id,
      header: () => t.header,
      size: t.width ?? 110,
      enableSorting: false,
      cell: (c) => t.cell(c.row.original),
      meta: { name: t.name, className: t.className },
    }),
  ),
] as ColumnDef<RiskRow, unknown>[];

const NAMES = new Map(RISK_COLUMNS.map((c) => [c.id, c.meta?.name ?? c.id]));

/** A column's name in words, for the column chooser. */
export function columnName(id: ColumnId): string {
  return NAMES.get(id) ?? id;
}
