import { createRegisterWithDialog, openRegisterWithDialog } from '../actions/register-actions.ts';
import { showView } from '../actions/view-actions.ts';
import { fileName, formatCount } from '../format/text.ts';
import { WORKSPACE_VIEWS } from '../workspace/WorkspaceView.tsx';
import { IoEntry } from '../io/IoEntry.tsx';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { TeamStatus } from './TeamStatus.tsx';
import { LoadProgress } from './LoadProgress.tsx';
import type { View } from '../stores/ui-store.ts';
import { ReviewsBadge } from '../history/ReviewsView.tsx';
import { useUiStore } from '../stores/ui-store.ts';

const SETTINGS_PREFIX = 'Settings › ';

/** The views first; then the register's settings, in their own group under a "Settings" heading. */
const VIEWS: { view: View; label: string }[] = [
  { view: 'register', label: 'Register' },
  { view: 'heatmap', label: 'Heatmap' },
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'reviews', label: 'Reviews' },
  { view: 'audit', label: 'Audit trail' },
  { view: 'snapshots', label: 'Snapshots' },
  ...WORKSPACE_VIEWS.filter((v) => !v.label.startsWith(SETTINGS_PREFIX)),
  { view: 'controls', label: 'Controls' },
];

const SETTINGS: { view: View; label: string }[] = [
  ...WORKSPACE_VIEWS.filter((v) => v.label.startsWith(SETTINGS_PREFIX)).map((v) => ({
    view: v.view,
    label: v.label.slice(SETTINGS_PREFIX.length),
  })),
  { view: 'band-key', label: 'Band key' },
  { view: 'your-name', label: 'Your name' },
  { view: 'scoring-criteria', label: 'Scoring criteria' },
  { view: 'board-settings', label: 'Board pack' },
  { view: 'risk-appetite', label: 'Risk appetite' },
  { view: 'escalation-rules', label: 'Escalation rules' },
];

/** The register's name and its views. */
export function Sidebar() {
  const status = useRegisterStore((s) => s.status);
  const busy = useRegisterStore((s) => s.busy);
  const count = useRisksStore((s) => s.risks.length);
  const view = useUiStore((s) => s.view);
  if (!status) return null;
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="sidebar-title">
        <p className="register-name" data-testid="register-name">
          {status.settings.name}
        </p>
        <p className="register-file" title={status.path}>
          {fileName(status.path)}
        </p>
        {status.readOnly && <p className="tag">Read-only</p>}
        <TeamStatus />
        <LoadProgress />
      </div>
      <ul className="view-list">
        {VIEWS.map((v) => (
          <li key={v.view}>
            <ViewLink view={v.view} label={v.label} current={view === v.view} count={count} />
          </li>
        ))}
      </ul>
      <h2 className="sidebar-heading" id="sidebar-settings">
        Settings
      </h2>
      <ul className="view-list" aria-labelledby="sidebar-settings" data-testid="settings-list">
        {SETTINGS.map((v) => (
          <li key={v.view}>
            <ViewLink view={v.view} label={v.label} current={view === v.view} count={count} />
          </li>
        ))}
      </ul>
      <IoEntry />
      <div className="sidebar-foot">
        <button type="button" className="link" disabled={busy} onClick={() => void openRegisterWithDialog()}>
          Open register…
        </button>
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => void createRegisterWithDialog(false)}
        >
          New register…
        </button>
      </div>
    </nav>
  );
}

function ViewLink({
  view,
  label,
  current,
  count,
}: {
  view: View;
  label: string;
  current: boolean;
  count: number;
}) {
  return (
    <button
      type="button"
      className="view-link"
      aria-current={current ? 'page' : undefined}
      data-testid={`nav-${view}`}
      onClick={() => showView(view)}
    >
      {label}
      {view === 'register' && <span className="view-count num">{formatCount(count)}</span>}
      {view === 'reviews' && <ReviewsBadge />}
    </button>
  );
}
