import { createRegisterWithDialog, openRegisterWithDialog } from '../actions/register-actions.ts';
import { showView } from '../actions/view-actions.ts';
import { fileName, formatCount } from '../format/text.ts';
import { WORKSPACE_VIEWS } from '../workspace/WorkspaceView.tsx';
import { IoEntry } from '../io/IoEntry.tsx';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { TeamStatus } from './TeamStatus.tsx';
import type { View } from '../stores/ui-store.ts';
import { ReviewsBadge } from '../history/ReviewsView.tsx';
import { useUiStore } from '../stores/ui-store.ts';

const VIEWS: { view: View; label: string }[] = [
  { view: 'register', label: 'Register' },
  { view: 'heatmap', label: 'Heatmap' },
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'reviews', label: 'Reviews' },
  { view: 'audit', label: 'Audit trail' },
  { view: 'snapshots', label: 'Snapshots' },
  ...WORKSPACE_VIEWS,
  { view: 'controls', label: 'Controls' },
  { view: 'band-key', label: 'Settings › Band key' },
  { view: 'your-name', label: 'Settings › Your name' },
  { view: 'scoring-criteria', label: 'Settings › Scoring criteria' },
  { view: 'board-settings', label: 'Settings › Board pack' },
  { view: 'risk-appetite', label: 'Settings › Risk appetite' },
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
      </div>
      <ul className="view-list">
        {VIEWS.map((v) => (
          <li key={v.view}>
            <button
              type="button"
              className="view-link"
              aria-current={view === v.view ? 'page' : undefined}
              data-testid={`nav-${v.view}`}
              onClick={() => showView(v.view)}
            >
              {v.label}
              {v.view === 'register' && <span className="view-count num">{formatCount(count)}</span>}
              {v.view === 'reviews' && <ReviewsBadge />}
            </button>
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
