import { useEffect } from 'react';
import type { ReviewSchedule } from '../../shared/domain.ts';
import { dayOf } from '../../shared/travel.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { settledRisks, useRisksStore } from '../stores/risks-store.ts';
import { showDueLists, syncDue } from './history-actions.ts';
import { useTravelStore } from './stores.ts';
import { formatDay } from './words.ts';
import './history.css';

/** Keep the review counts in step with the register (any change reads them again; once the list is whole). */
export function useHistorySync(): void {
  const risks = useRisksStore(settledRisks);
  const loaded = useRisksStore((s) => s.loaded);
  useEffect(() => {
    if (loaded && risks) syncDue(risks);
  }, [risks, loaded]);
}

/** "3 overdue" beside Reviews in the sidebar; nothing when none is overdue. */
export function ReviewsBadge() {
  useHistorySync();
  const overdue = useTravelStore((s) => s.due?.counts.overdue ?? 0);
  if (overdue === 0) return null;
  return (
    <span
      className="view-badge num"
      data-testid="reviews-overdue-count"
      title={`${overdue} ${overdue === 1 ? 'review' : 'reviews'} overdue`}
    >
      {overdue}
      <span className="visually-hidden"> {overdue === 1 ? 'review' : 'reviews'} overdue</span>
    </span>
  );
}

function ScheduleTable({
  rows,
  overdue,
  testid,
  caption,
}: {
  rows: ReviewSchedule[];
  overdue: boolean;
  testid: string;
  caption: string;
}) {
  if (rows.length === 0) {
    return (
      <p className="history-empty" data-testid={`${testid}-empty`}>
        {overdue ? 'No reviews are overdue.' : 'No other reviews fall due this month.'}
      </p>
    );
  }
  return (
    <table className="history-table" data-testid={testid}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Ref</th>
          <th scope="col">Description</th>
          <th scope="col">Owner(s)</th>
          <th scope="col">Due</th>
          {overdue && (
            <th scope="col" className="num">
              Days overdue
            </th>
          )}
          <th scope="col">Last reviewed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.riskId}
            className="clickable"
            data-testid={`${testid}-${r.ref}`}
            tabIndex={0}
            onClick={() => selectRisk(r.riskId)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') selectRisk(r.riskId);
            }}
          >
            <td className="nowrap">{r.ref}</td>
            <td>{r.description}</td>
            <td className="nowrap">{r.owners.join(' ')}</td>
            <td className="nowrap date">{formatDay(r.nextReview)}</td>
            {overdue && (
              <td className="num reviews-overdue-days">
                {r.daysOverdue} {r.daysOverdue === 1 ? 'day' : 'days'}
              </td>
            )}
            <td className="nowrap">
              {r.lastReviewedAt
                ? `${formatDay(dayOf(r.lastReviewedAt))}${r.lastReviewedBy ? ` by ${r.lastReviewedBy}` : ''}`
                : 'Not yet'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reviews overdue and due this month; a row opens its risk, where "Review" records the review. */
export function ReviewsView() {
  useHistorySync();
  const due = useTravelStore((s) => (s.dueLists ? s.due : null));
  const error = useTravelStore((s) => s.error);
  useEffect(() => showDueLists(), []);
  if (error) {
    return (
      <p className="notice notice-error" role="alert">
        {error}
      </p>
    );
  }
  if (!due) return <p className="history-empty">Reading the review dates…</p>;
  return (
    <div className="history-view" data-testid="reviews-view">
      <p className="history-summary" data-testid="reviews-summary">
        {due.counts.overdue} overdue · {due.counts.dueThisMonth} due by {formatDay(due.monthEnd)} · as at{' '}
        {formatDay(due.asOf)}. Open a risk to record its review.
      </p>
      <section aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">Overdue ({due.counts.overdue})</h2>
        <ScheduleTable rows={due.overdue} overdue testid="reviews-overdue" caption="Reviews overdue" />
      </section>
      <section aria-labelledby="due-heading">
        <h2 id="due-heading">Due this month ({due.counts.dueThisMonth})</h2>
        <ScheduleTable
          rows={due.dueThisMonth}
          overdue={false}
          testid="reviews-due"
          caption="Reviews due this month"
        />
      </section>
    </div>
  );
}
