import type { MouseEvent } from 'react';
import { lazy, Suspense, useLayoutEffect, useRef } from 'react';
import { useEditStore } from '../stores/edit-store.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { useUiStore } from '../stores/ui-store.ts';
import { BandKeyTable } from './BandKeyTable.tsx';
import { HeatmapView } from '../leadership/HeatmapView.tsx';
import { isLeadershipView, LeadershipView, leadershipTitle } from '../leadership/LeadershipViews.tsx';
import { RiskPanel } from './RiskPanel.tsx';
import { RegisterView } from '../workspace/RegisterView.tsx';
import { WorkspaceExtras } from '../workspace/WorkspaceExtras.tsx';
import { isWorkspaceView, WorkspaceView, workspaceTitle } from '../workspace/WorkspaceView.tsx';
import { Sidebar } from './Sidebar.tsx';
import { BackupOfferButton, ReadOnlyBanner } from './StorageNotices.tsx';
import { HistoryView, historyTitle, isHistoryView } from '../history/HistoryView.tsx';
import { ViewHeader } from './ViewHeader.tsx';
import { IoDialogs } from '../io/IoDialogs.tsx';
import { YourNameView } from '../settings/YourNameView.tsx';
import { ControlsView } from '../controls/ControlsView.tsx';
import { CriteriaView } from '../settings/CriteriaView.tsx';
import { AppetiteView } from '../settings/AppetiteView.tsx';
import { BoardSettingsView } from '../settings/BoardSettingsView.tsx';

/**
 * Settings › Escalation rules checks each rule as it is typed with the rules' schemas (zod), which the rest of the
 * window does not need at start-up: the view's code is its own chunk, loaded when the view is first opened (issue
 * 14, first rows).
 */
const EscalationRulesView = lazy(() =>
  import('../settings/EscalationRulesView.tsx').then((m) => ({ default: m.EscalationRulesView })),
);

/**
 * The skip link (the first Tab stop): on the register it puts focus on the table's row (the first, or the one
 * last moved to), elsewhere on the view itself.
 */
function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const main = document.getElementById('main');
  const row = main?.querySelector<HTMLElement>('[data-testid="risk-table"] tbody tr[tabindex="0"]');
  (row ?? main)?.focus();
}

/** Sidebar, the chosen view, and the selected risk's panel. */
export function Workspace() {
  const view = useUiStore((s) => s.view);
  const risks = useRisksStore((s) => s.risks);
  const selectedId = useRisksStore((s) => s.selectedId);
  const listError = useRisksStore((s) => s.error);
  const registerError = useRegisterStore((s) => s.error);
  const bandKey = useRegisterStore(selectBandKey);
  const notices = useEditStore((s) => s.conflict !== null || Object.keys(s.failures).length > 0);
  // The panel opens with a selected risk (or a refusal to show); otherwise the view has the width.
  const withPanel = selectedId !== null || notices;
  // Every view opens at its top. The views share this one scrolling <main>, which would otherwise keep the last
  // view's position (after the long Controls list the Dashboard opened with its heading off screen). A layout
  // effect: it runs before the new view is painted, and before the views' own passive effects, so the register
  // still scrolls a risk selected elsewhere into view (RiskTable) after this.
  const mainRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    if (mainRef.current) mainRef.current.scrollTop = 0;
  }, [view]);
  return (
    <div
      className={['workspace', withPanel ? 'with-panel' : '', view === 'register' ? 'on-register' : '']
        .filter(Boolean)
        .join(' ')}
    >
      <a href="#main" className="skip-link" data-testid="skip-link" onClick={skipToContent}>
        {view === 'register' ? 'Skip to the risks' : 'Skip to the main content'}
      </a>
      <Sidebar />
      <main
        ref={mainRef}
        className={`view view-${view}`}
        id="main"
        tabIndex={-1}
        data-testid={`view-${view}`}
      >
        <ViewHeader
          title={
            (view === 'your-name' ? 'Settings › Your name' : null) ??
            (view === 'controls' ? 'Controls' : null) ??
            (view === 'scoring-criteria' ? 'Settings › Scoring criteria' : null) ??
            (view === 'board-settings' ? 'Settings › Board pack' : null) ??
            (view === 'risk-appetite' ? 'Settings › Risk appetite' : null) ??
            (view === 'escalation-rules' ? 'Settings › Escalation rules' : null) ??
            historyTitle(view) ??
            leadershipTitle(view) ??
            (view === 'register' ? 'Register' : isWorkspaceView(view) ? workspaceTitle(view) : 'Heatmap')
          }
          count={risks.length}
        >
          {!withPanel && risks.length > 0 && (
            <p className="hint">Select a risk to see its details and change its score.</p>
          )}
        </ViewHeader>
        {(listError ?? registerError) && (
          <p className="notice notice-error" role="alert">
            {listError ?? registerError}
          </p>
        )}
        <BackupOfferButton />
        <ReadOnlyBanner />
        {view === 'controls' ? (
          <ControlsView />
        ) : view === 'your-name' ? (
          <YourNameView />
        ) : view === 'scoring-criteria' ? (
          <CriteriaView />
        ) : view === 'risk-appetite' ? (
          <AppetiteView />
        ) : view === 'board-settings' ? (
          <BoardSettingsView />
        ) : view === 'escalation-rules' ? (
          <Suspense fallback={<p className="loading">Opening the escalation rules…</p>}>
            <EscalationRulesView />
          </Suspense>
        ) : view === 'register' ? (
          <RegisterView risks={risks} bandKey={bandKey} selectedId={selectedId} />
        ) : isWorkspaceView(view) ? (
          <WorkspaceView view={view} />
        ) : isHistoryView(view) ? (
          <HistoryView view={view} />
        ) : isLeadershipView(view) ? (
          <LeadershipView view={view} />
        ) : (
          <HeatmapView />
        )}
        {/* The register shows the key under its table, inside the table's scroll area. */}
        {view !== 'register' && <BandKeyTable bandKey={bandKey} />}
      </main>
      {withPanel && <RiskPanel />}
      <WorkspaceExtras />
      <IoDialogs />
    </div>
  );
}
