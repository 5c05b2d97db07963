import type { View } from '../stores/ui-store.ts';
import { ArchivedView } from './ArchivedView.tsx';
import { CategoriesView } from './CategoriesView.tsx';
import { OwnersView } from './OwnersView.tsx';
import { ObjectivesView } from '../objectives/ObjectivesView.tsx';

/** The workspace's own views beside the register: archived risks, owners, and categories in settings. */
export type WorkspaceViewName = 'archived' | 'owners' | 'categories' | 'objectives';

export const WORKSPACE_VIEWS: { view: WorkspaceViewName; label: string }[] = [
  { view: 'archived', label: 'Archived' },
  { view: 'owners', label: 'Owners' },
  { view: 'objectives', label: 'Objectives' },
  { view: 'categories', label: 'Settings › Categories' },
];

const TITLES: Record<WorkspaceViewName, string> = {
  archived: 'Archived risks',
  owners: 'Owners',
  objectives: 'Objectives',
  categories: 'Settings › Categories',
};

export function isWorkspaceView(view: View): view is WorkspaceViewName {
  return view === 'archived' || view === 'owners' || view === 'categories' || view === 'objectives';
}

export function workspaceTitle(view: WorkspaceViewName): string {
  return TITLES[view];
}

export function WorkspaceView({ view }: { view: WorkspaceViewName }) {
  if (view === 'archived') return <ArchivedView />;
  if (view === 'owners') return <OwnersView />;
  if (view === 'objectives') return <ObjectivesView />;
  return <CategoriesView />;
}
