import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { useUiStore } from '../stores/ui-store.ts';
import { BandKeyTable } from './BandKeyTable.tsx';
import { Heatmap } from './Heatmap.tsx';
import { RiskPanel } from './RiskPanel.tsx';
import { RiskTable } from './RiskTable.tsx';
import { Sidebar } from './Sidebar.tsx';
import { ViewHeader } from './ViewHeader.tsx';

/** Sidebar, the chosen view, and the selected risk's panel. */
export function Workspace() {
  const view = useUiStore((s) => s.view);
  const risks = useRisksStore((s) => s.risks);
  const selectedId = useRisksStore((s) => s.selectedId);
  const listError = useRisksStore((s) => s.error);
  const registerError = useRegisterStore((s) => s.error);
  const bandKey = useRegisterStore(selectBandKey);
  return (
    <div className="workspace">
      <Sidebar />
      <main className="view" data-testid={`view-${view}`}>
        <ViewHeader title={view === 'register' ? 'Register' : 'Heatmap'} count={risks.length} />
        {(listError ?? registerError) && (
          <p className="notice notice-error" role="alert">
            {listError ?? registerError}
          </p>
        )}
        {view === 'register' ? (
          <RiskTable risks={risks} bandKey={bandKey} selectedId={selectedId} />
        ) : (
          <Heatmap risks={risks} bandKey={bandKey} selectedId={selectedId} />
        )}
        <BandKeyTable bandKey={bandKey} />
      </main>
      <RiskPanel />
    </div>
  );
}
