import { useState } from 'react';
import { createRegisterWithDialog, openRegisterWithDialog } from '../actions/register-actions.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { JoinTeam } from './JoinTeam.tsx';
import { BackupOfferButton } from './StorageNotices.tsx';

/** No register is open: create one or open one. */
export function StartScreen() {
  const busy = useRegisterStore((s) => s.busy);
  const error = useRegisterStore((s) => s.error);
  const [joining, setJoining] = useState(false);
  return (
    <main className="welcome" data-testid="start">
      <h1>Risk Register</h1>
      <p className="lead">
        No register is open. A register is one file that holds your organisation’s risks, their scores, owners
        and history.
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <BackupOfferButton />
      <div className="choices">
        <div className="choice">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void createRegisterWithDialog(false)}
          >
            New register…
          </button>
          <p className="hint">Choose where to save a new, empty register.</p>
        </div>
        <div className="choice">
          <button type="button" disabled={busy} onClick={() => void openRegisterWithDialog()}>
            Open register…
          </button>
          <p className="hint">Open a register file you saved before.</p>
        </div>
        <div className="choice">
          <button type="button" disabled={busy} onClick={() => setJoining(true)}>
            Join a team register…
          </button>
          <p className="hint">Work on your organisation’s shared register, online or offline.</p>
        </div>
      </div>
      {joining && <JoinTeam onClose={() => setJoining(false)} />}
      <p>
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => void createRegisterWithDialog(true)}
        >
          New register with the LGA sample (19 risks)…
        </button>
      </p>
    </main>
  );
}
