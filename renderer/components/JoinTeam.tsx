/**
 * The start screen's "Join a team register": the server address the risk manager sent, the person's user name and
 * password. *Choose where to save…* asks the main process, which shows its own save dialog, makes the local copy
 * from the server, pulls everything and keeps the password on this computer (never in the register file).
 */
import { useState } from 'react';
import { messageOf } from '../api/api-error.ts';
import { joinTeamRegister } from '../actions/register-actions.ts';
import { Modal } from '../io/Modal.tsx';

export function JoinTeam({ onClose }: { onClose: () => void }) {
  const [server, setServer] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = server.trim() !== '' && user.trim() !== '' && password !== '';

  const submit = () => {
    setBusy(true);
    setError(null);
    joinTeamRegister({ server: server.trim(), user: user.trim(), password }).then(
      (joined) => {
        setBusy(false);
        if (joined) {
          setPassword('');
          onClose();
        }
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };

  return (
    <Modal
      title="Join a team register"
      testId="join-team"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="join-team-form" className="primary" disabled={busy || !ready}>
            {busy ? 'Joining…' : 'Choose where to save…'}
          </button>
        </>
      }
    >
      <form
        className="team-form"
        id="join-team-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) submit();
        }}
      >
        <p className="hint">
          Your risk manager sends the server address, your user name and password. Risk Register keeps a copy
          of the team register on this computer, so you can work offline; changes sync when the server can be
          reached.
        </p>
        <label className="field">
          <span className="field-label">Server address</span>
          <input
            className="input"
            type="text"
            spellCheck={false}
            placeholder="postgresql://HOST:5432/DATABASE?sslmode=verify-full"
            value={server}
            onChange={(e) => setServer(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">User name</span>
          <input
            className="input"
            type="text"
            spellCheck={false}
            autoComplete="username"
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="field-error selectable" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
