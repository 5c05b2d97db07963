/** The register table's columns, as the published summary shows them. Defined once, at module scope. */
import { createColumnHelper } from '@tanstack/react-table';
import type { Band } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { BandBadge } from './BandBadge.tsx';

/** One table row: the stored risk with its derived score and band. */
export interface RiskRow {
  risk: RiskRecord;
  score: number;
  band: Band;
}

const col = createColumnHelper<RiskRow>();

export const RISK_COLUMNS = [
  col.accessor((r) => r.risk.ref, { id: 'ref', header: 'Ref' }),
  col.accessor((r) => r.risk.category, { id: 'category', header: 'Category' }),
  col.accessor((r) => r.risk.description, { id: 'description', header: 'Description' }),
  col.accessor((r) => r.risk.impact, {
    id: 'impact',
    header: () => <abbr title="Impact (1 Negligible to 5 Severe)">I</abbr>,
  }),
  col.accessor((r) => r.risk.likelihood, {
    id: 'likelihood',
    header: () => <abbr title="Likelihood (1 Rare to 5 Almost certain)">L</abbr>,
  }),
  col.accessor((r) => r.score, { id: 'score', header: 'Score' }),
  col.accessor((r) => r.band.name, {
    id: 'band',
    header: 'Band',
    cell: ({ row }) => <BandBadge band={row.original.band} />,
  }),
  col.accessor((r) => r.risk.mitigation, { id: 'mitigation', header: 'Mitigation' }),
  col.accessor((r) => r.risk.owners.join(' '), { id: 'owners', header: 'Owner(s)' }),
];

/** Column classes for widths and alignment (numbers right-aligned in tabular figures). */
export const COLUMN_CLASS: Record<string, string> = {
  ref: 'col-ref',
  category: 'col-category',
  description: 'col-description',
  impact: 'col-num',
  likelihood: 'col-num',
  score: 'col-num col-score',
  band: 'col-band',
  mitigation: 'col-mitigation',
  owners: 'col-owners',
};
