/** The register table's columns, as the published summary shows them (plus optional ones). Module scope. */
import type { ReactNode } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { assess } from '../../shared/scoring.ts';
import type { RiskRow } from '../workspace/table-model.ts';
import type { ColumnId } from '../workspace/table-store.ts';
import { BandBadge } from './BandBadge.tsx';
import { TRAVEL_COLUMNS } from '../history/travel-columns.tsx';

export type { RiskRow } from '../workspace/table-model.ts';

export interface RiskColumn {
  id: ColumnId;
  /** What the header shows. */
  header: ReactNode;
  /** The column's name in words (column chooser, sort announcements). */
  name: string;
  className: string;
  /** Starting width in pixels; undefined takes what is left. */
  width?: number;
  cell: (row: RiskRow, key: BandKey) => ReactNode;
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

export const RISK_COLUMNS: readonly RiskColumn[] = [
  { id: 'ref', header: 'Ref', name: 'Ref', className: 'col-ref', width: 62, cell: (r) => r.risk.ref },
  {
    id: 'category',
    header: 'Category',
    name: 'Category',
    className: 'col-category',
    width: 116,
    cell: (r) => r.risk.category,
  },
  {
    id: 'description',
    header: 'Description',
    name: 'Description',
    className: 'col-description',
    cell: (r) => r.risk.description,
  },
  {
    id: 'impact',
    header: <abbr title="Impact (1 Negligible to 5 Severe)">I</abbr>,
    name: 'Impact',
    className: 'col-num',
    width: 34,
    cell: (r) => r.risk.impact,
  },
  {
    id: 'likelihood',
    header: <abbr title="Likelihood (1 Rare to 5 Almost certain)">L</abbr>,
    name: 'Likelihood',
    className: 'col-num',
    width: 34,
    cell: (r) => r.risk.likelihood,
  },
  {
    id: 'score',
    header: 'Score',
    name: 'Score',
    className: 'col-num col-score',
    width: 64,
    cell: (r) => r.score,
  },
  {
    id: 'band',
    header: 'Band',
    name: 'Band',
    className: 'col-band',
    width: 84,
    cell: (r) => <BandBadge band={r.band} />,
  },
  {
    id: 'mitigation',
    header: 'Mitigation',
    name: 'Mitigation',
    className: 'col-mitigation',
    cell: (r) => r.risk.mitigation,
  },
  {
    id: 'owners',
    header: 'Owner(s)',
    name: 'Owner(s)',
    className: 'col-owners',
    width: 76,
    cell: (r) => r.risk.owners.join(' '),
  },
  {
    id: 'inherent',
    header: 'Inherent',
    name: 'Inherent score',
    className: 'col-pair',
    width: 120,
    cell: (r, key) => pairCell(r.risk.inherent, key),
  },
  {
    id: 'target',
    header: 'Target',
    name: 'Target score',
    className: 'col-pair',
    width: 120,
    cell: (r, key) => pairCell(r.risk.target, key),
  },
  ...TRAVEL_COLUMNS,
];

export const COLUMN_BY_ID = new Map(RISK_COLUMNS.map((c) => [c.id, c]));

/** Column classes for widths and alignment (numbers right-aligned in tabular figures). */
export const COLUMN_CLASS: Record<string, string> = Object.fromEntries(
  RISK_COLUMNS.map((c) => [c.id, c.className]),
);
