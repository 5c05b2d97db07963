/**
 * The register table's "Travel" and "Time in band" columns, fed by the travel store (`risks:travel`):
 * an arrow with its words ("▲ up from 10 Yellow") and the run in the current band ("Amber for 3 reviews").
 */
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import type { RiskRecord } from '../../shared/domain.ts';
import { settledRisks, useRisksStore } from '../stores/risks-store.ts';
import { syncTravel, wantTravel } from './history-actions.ts';
import { useTravelStore } from './stores.ts';
import { ARROWS, formatDay, timeInBandShort } from './words.ts';
import './history.css';

/**
 * The risk's travel figures, read when its cell is on screen (batched with the other cells drawn with it), and
 * kept in step with the register while a travel column shows.
 */
function useTravel(riskId: string) {
  // Once the list is whole: pages arriving only add risks, whose cells ask for their own figures when drawn.
  const risks = useRisksStore(settledRisks);
  useEffect(() => {
    if (risks) syncTravel(risks);
  }, [risks]);
  const t = useTravelStore((s) => s.byId.get(riskId));
  useEffect(() => {
    if (!t) wantTravel(riskId);
  }, [t, riskId]);
  return t;
}

function TravelCell({ riskId }: { riskId: string }) {
  const t = useTravel(riskId);
  if (!t) return null;
  const d = t.travel.direction;
  return (
    <span className="travel-cell" data-testid="travel-cell" data-direction={d}>
      <span className={`travel-arrow travel-${d}`} aria-hidden="true">
        {ARROWS[d]}
      </span>
      <span>{t.travel.text}</span>
    </span>
  );
}

function TimeInBandCell({ riskId }: { riskId: string }) {
  const t = useTravel(riskId);
  if (!t) return null;
  return (
    <span title={t.timeInBand.text} data-testid="time-in-band-cell">
      {timeInBandShort(t.timeInBand)}
    </span>
  );
}

/** "15/04/2026", with "Overdue" or "Due" in words before it when it is. */
function NextReviewCell({ riskId }: { riskId: string }) {
  const t = useTravel(riskId);
  if (!t) return null;
  return (
    <span className={`next-review review-${t.reviewStatus}`} data-testid="next-review-cell">
      {t.reviewStatus === 'overdue' && <strong>Overdue </strong>}
      {t.reviewStatus === 'due' && <strong>Due </strong>}
      <span className="date">{formatDay(t.nextReview)}</span>
    </span>
  );
}

export interface TravelColumn {
  id: 'travel' | 'timeInBand' | 'nextReview';
  header: ReactNode;
  name: string;
  className: string;
  width?: number;
  cell: (row: { risk: RiskRecord }) => ReactNode;
}

export const TRAVEL_COLUMNS: readonly TravelColumn[] = [
  {
    id: 'travel',
    header: <abbr title="Direction of travel since the previous review">Travel</abbr>,
    name: 'Direction of travel',
    className: 'col-travel',
    width: 118,
    cell: (r) => <TravelCell riskId={r.risk.id} />,
  },
  {
    id: 'timeInBand',
    header: 'Time in band',
    name: 'Time in band',
    className: 'col-time-in-band',
    width: 108,
    cell: (r) => <TimeInBandCell riskId={r.risk.id} />,
  },
  {
    id: 'nextReview',
    header: 'Next review',
    name: 'Next review',
    className: 'col-next-review',
    width: 104,
    cell: (r) => <NextReviewCell riskId={r.risk.id} />,
  },
];
