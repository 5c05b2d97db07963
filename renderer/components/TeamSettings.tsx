/**
 * Team settings: who this replica syncs as, on which server, and the team password to keep on this computer.
 * The password goes once to the main process (`team:save-password`), which encrypts it with the OS key store and
 * starts a round; it is never read back into the window. A refusal (no key store, not a team register) is shown
 * here as the main process words it.
 */
import { useState } from 'react';
import { call } from '../api/client.ts';
import { Modal } from '../io/Modal.tsx';

export function TeamSettings({
  user,
  role,
  server,
  onClose,
  onSaved,
}: {
  user: string;
  role: string;
  server: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    setBusy(true);
    setError(null);
    call('team:save-password', { password }).then(
      () => {
        setPassword('');
        setBusy(false);
        onSaved();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <Modal
      title="Team settings"
      testId="team-settings"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="team-settings-form" className="primary" disabled={busy || !password}>
            {busy ? 'Saving…' : 'Save and sync'}
          </button>
        </>
      }
    >
      <form
        className="team-form"
        id="team-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (password) save();
        }}
      >
        <dl className="team-settings-who">
          <dt>User</dt>
          <dd data-testid="team-settings-user">
            {user} ({role})
          </dd>
          <dt>Server</dt>
          <dd className="selectable">{server}</dd>
        </dl>
        <label className="field">
          <span className="field-label">Team password</span>
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p className="hint">
          Kept on this computer, encrypted by the system&apos;s key store; never in the register file. Ask
          your risk manager if you do not have it.
        </p>
        {error && (
          <p className="field-error selectable" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
