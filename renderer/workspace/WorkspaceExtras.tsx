import { useEffect } from 'react';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { onWindowKey } from './keyboard.ts';
import { NewRiskDialog } from './NewRiskDialog.tsx';
import { clearUndoStatus } from './undo-actions.ts';
import { useUndoStore } from './undo-store.ts';
import { useWorkspaceStore } from './workspace-store.ts';
import './workspace.css';

/** Window-wide parts of the workspace: its keys, the New risk form and the quiet undo status. */
export function WorkspaceExtras() {
  const newRisk = useWorkspaceStore((s) => s.newRisk);
  const bandKey = useRegisterStore(selectBandKey);
  useEffect(() => {
    window.addEventListener('keydown', onWindowKey);
    return () => window.removeEventListener('keydown', onWindowKey);
  }, []);
  return (
    <>
      {newRisk && <NewRiskDialog suggestedRef={newRisk.suggestedRef} bandKey={bandKey} />}
      <UndoStatus />
    </>
  );
}

function UndoStatus() {
  const status = useUndoStore((s) => s.status);
  useEffect(() => {
    if (!status || status.error) return;
    const t = setTimeout(clearUndoStatus, 6000);
    return () => clearTimeout(t);
  }, [status]);
  if (!status) return null;
  return (
    <p
      className={status.error ? 'undo-status error' : 'undo-status'}
      role={status.error ? 'alert' : 'status'}
      data-testid="undo-status"
    >
      {status.text}
      <button type="button" className="link" onClick={clearUndoStatus}>
        Dismiss
      </button>
    </p>
  );
}
