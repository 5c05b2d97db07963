/**
 * File › Share register…: publish the open register to an empty PostgreSQL database as the risk manager. The
 * window sends the server address, the manager's login and password, and whether they turned encryption off for a
 * host that is not this computer; the main process publishes the open file (no path leaves the window), keeps the
 * password with the OS key store and reopens the file as the first replica, so the sync chip appears. A refusal is
 * shown as the main process words it, and nothing has changed on this computer.
 */
import { useState } from 'react';
import { messageOf } from '../api/api-error.ts';
import { shareRegister } from '../actions/register-actions.ts';
import { Modal } from '../io/Modal.tsx';
import type { ServerLogin } from './ServerLoginFields.tsx';
import { EMPTY_LOGIN, loginInput, loginReady, ServerLoginFields } from './ServerLoginFields.tsx';

export { needsTlsChoice } from './ServerLoginFields.tsx';

export function ShareRegister({ onClose }: { onClose: () => void }) {
  const [login, setLogin] = useState<ServerLogin>(EMPTY_LOGIN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = loginReady(login);

  const submit = () => {
    setBusy(true);
    setError(null);
    shareRegister(loginInput(login)).then(
      () => {
        setBusy(false);
        setLogin((v) => ({ ...v, password: '' }));
        onClose();
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };

  return (
    <Modal
      title="Share register"
      testId="share-register"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="share-register-form" className="primary" disabled={busy || !ready}>
            {busy ? 'Sharing…' : 'Share'}
          </button>
        </>
      }
    >
      <form
        className="team-form"
        id="share-register-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) submit();
        }}
      >
        <p className="hint">
          Puts this register on your organisation&apos;s PostgreSQL server, so colleagues can join it and work
          on their own laptops. The database must be empty (ask your IT team to create one). This file then
          becomes your copy: it keeps working offline and syncs when the server can be reached.
        </p>
        <ServerLoginFields
          value={login}
          onChange={setLogin}
          userLabel="Manager login"
          tlsTestId="share-tls"
        />
        <p className="hint">
          The password is kept on this computer, encrypted by the system&apos;s key store; never in the
          register file.
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
