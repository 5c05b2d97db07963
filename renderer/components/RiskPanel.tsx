import { READ_ONLY_MESSAGES } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { selectedRisk, useRisksStore } from '../stores/risks-store.ts';
import { BandBadge } from './BandBadge.tsx';
import { PanelNotices } from './PanelNotices.tsx';
import { RiskFields } from './RiskFields.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { RiskHistorySection } from '../history/RiskHistorySection.tsx';
import { ScoreEditor } from './ScoreEditor.tsx';
import { ActionsSection } from '../workspace/ActionsSection.tsx';
import { ObjectivesSection } from '../objectives/ObjectivesSection.tsx';
import { PanelArchive } from '../workspace/PanelArchive.tsx';
import { PanelConfidential } from '../workspace/PanelConfidential.tsx';
import { PanelAppetite } from '../workspace/PanelAppetite.tsx';
import { ScoreTrio } from '../workspace/ScoreTrio.tsx';
import { ControlsSection } from '../controls/ControlsSection.tsx';

/** The selected risk: its score pickers and its words, each saved as soon as it is changed. */
export function RiskPanel() {
  const risk = useRisksStore(selectedRisk);
  const bandKey = useRegisterStore(selectBandKey);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const readOnlyReason = useRegisterStore((s) => s.status?.readOnlyReason ?? null);
  // After a conflict the user's attempt lives in the notice; the fields start again from the register.
  const conflictSeq = useEditStore((s) => s.conflictSeq);

  if (!risk) {
    return (
      <aside className="panel panel-empty" aria-label="Selected risk" data-testid="risk-panel">
        <PanelNotices selectedId={null} bandKey={bandKey} />
        <p>Select a risk in the table or the heatmap to see its score and change it.</p>
      </aside>
    );
  }
  const c = currentBand(risk, bandKey);
  return (
    <aside className="panel" aria-label={`Risk ${risk.ref}`} data-testid="risk-panel">
      <header className="panel-header">
        <h2>
          <span data-testid="panel-ref">{risk.ref}</span>
          <BandBadge band={c.band} score={c.score} />
        </h2>
        {risk.title && (
          <p className="panel-risk-title" data-testid="panel-title">
            {risk.title}
          </p>
        )}
        <p className="panel-category">{risk.category}</p>
        <button
          type="button"
          className="close"
          aria-label="Close the risk panel"
          onClick={() => selectRisk(null)}
        >
          ×
        </button>
      </header>
      <PanelNotices selectedId={risk.id} bandKey={bandKey} />
      {readOnly && <p className="notice">{READ_ONLY_MESSAGES[readOnlyReason ?? 'newer-version']}</p>}
      <ScoreEditor key={`score-${risk.id}`} risk={risk} bandKey={bandKey} readOnly={readOnly} />
      <ScoreTrio key={`trio-${risk.id}`} risk={risk} bandKey={bandKey} readOnly={readOnly} />
      <PanelAppetite key={`appetite-${risk.id}-${risk.version}`} risk={risk} readOnly={readOnly} />
      <RiskFields key={`fields-${risk.id}-${conflictSeq}`} risk={risk} readOnly={readOnly} />
      <SaveStatus />
      <ActionsSection key={`actions-${risk.id}`} risk={risk} readOnly={readOnly} />
      <ControlsSection key={`controls-${risk.id}`} risk={risk} readOnly={readOnly} />
      <ObjectivesSection key={`objectives-${risk.id}`} risk={risk} readOnly={readOnly} />
      {/* history-section: the history and review section mounts here (one line). */}
      <RiskHistorySection key={`history-${risk.id}`} risk={risk} readOnly={readOnly} />
      <PanelConfidential key={`confidential-${risk.id}`} risk={risk} readOnly={readOnly} />
      <PanelArchive key={`archive-${risk.id}`} risk={risk} readOnly={readOnly} />
    </aside>
  );
}
