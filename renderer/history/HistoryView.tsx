/** The history area's views in the workspace: reviews due, the audit trail and snapshots. */
import { AuditView } from './AuditView.tsx';
import { ReviewsView } from './ReviewsView.tsx';
import { SnapshotsView } from './SnapshotsView.tsx';

export const HISTORY_VIEWS = {
  reviews: 'Reviews',
  audit: 'Audit trail',
  snapshots: 'Snapshots',
} as const;

export type HistoryViewId = keyof typeof HISTORY_VIEWS;

export function isHistoryView(view: string): view is HistoryViewId {
  return Object.hasOwn(HISTORY_VIEWS, view);
}

/** The view's title, or undefined when the view is not one of ours. */
export function historyTitle(view: string): string | undefined {
  return isHistoryView(view) ? HISTORY_VIEWS[view] : undefined;
}

export function HistoryView({ view }: { view: HistoryViewId }) {
  if (view === 'reviews') return <ReviewsView />;
  if (view === 'audit') return <AuditView />;
  return <SnapshotsView />;
}
