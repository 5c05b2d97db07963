/** The leadership area's views in the workspace: the dashboard and the band key settings. */
import { DashboardView } from './DashboardView.tsx';
import { KeyEditorView } from './KeyEditorView.tsx';

export const LEADERSHIP_VIEWS = {
  dashboard: 'Dashboard',
  'band-key': 'Settings › Band key',
} as const;

export type LeadershipViewId = keyof typeof LEADERSHIP_VIEWS;

export function isLeadershipView(view: string): view is LeadershipViewId {
  return Object.hasOwn(LEADERSHIP_VIEWS, view);
}

/** The view's title, or undefined when the view is not one of ours. */
export function leadershipTitle(view: string): string | undefined {
  return isLeadershipView(view) ? LEADERSHIP_VIEWS[view] : undefined;
}

export function LeadershipView({ view }: { view: LeadershipViewId }) {
  return view === 'dashboard' ? <DashboardView /> : <KeyEditorView />;
}
