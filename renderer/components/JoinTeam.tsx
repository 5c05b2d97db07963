/**
 * The start screen's "Join a team register": the server address the risk manager sent, the person's user name and
 * password (the same fields as Share register…, with the same explicit "Connect without encryption" tick for a
 * server that is not this computer). *Choose where to save…* asks the main process, which shows its own save dialog, makes the local copy
 * from the server, pulls everything and keeps the password on this computer (never in the register file).
 */
import { useState } from 'react';
import { messageOf } from '../api/api-error.ts';
import { joinTeamRegister } from '../actions/register-actions.ts';
import { Modal } from '../io/Modal.tsx';
import type { ServerLogin } from '../team/ServerLoginFields.tsx';
import { EMPTY_LOGIN, loginInput, loginReady, ServerLoginFields } from '../team/ServerLoginFields.tsx';

export function JoinTeam({ onClose }: { onClose: () => void }) {
  const [login, setLogin] = useState<ServerLogin>(EMPTY_LOGIN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = loginReady(login);

  const submit = () => {
    setBusy(true);
    setError(null);
    joinTeamRegister(loginInput(login)).then(
      (joined) => {
        setBusy(false);
        if (joined) {
          setLogin((v) => ({ ...v, password: '' }));
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
        <ServerLoginFields
          value={login}
          onChange={setLogin}
          userLabel="User name"
          tlsTestId="join-tls"
          tlsHint="and if your risk manager says so"
        />
        {error && (
          <p className="field-error selectable" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
