/**
 * Team settings: who this replica syncs as, on which server, and the team password to keep on this computer.
 * The server address and user name can be changed here (the same fields and the same explicit "Connect without
 * encryption" tick as Join and Share, renderer/team/ServerLoginFields.tsx); a new one is tried on the server by the
 * main process before the replica keeps it. The password goes once to the main process (`team:save-password`),
 * which encrypts it with the OS key store and starts a round; it is never read back into the window. A refusal
 * (no key store, an address without encryption not ticked, another register) is shown here as the main process
 * words it.
 */
import { useState } from 'react';
import { call } from '../api/client.ts';
import { Modal } from '../io/Modal.tsx';
import type { ServerLogin } from '../team/ServerLoginFields.tsx';
import { loginInput, loginReady, needsTlsChoice, ServerLoginFields } from '../team/ServerLoginFields.tsx';

/** The stored address as the person would type it: without the user (it has its own field). */
function addressWithoutUser(server: string): string {
  try {
    const u = new URL(server);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return server;
  }
}

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
  // The tick starts as the stored address says: an address kept without encryption was chosen so at Join or Share.
  const [login, setLogin] = useState<ServerLogin>(() => ({
    server: addressWithoutUser(server),
    user,
    password: '',
    insecure: needsTlsChoice(addressWithoutUser(server)),
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    setBusy(true);
    setError(null);
    call('team:save-password', loginInput(login)).then(
      () => {
        setLogin((l) => ({ ...l, password: '' }));
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
          <button
            type="submit"
            form="team-settings-form"
            className="primary"
            disabled={busy || !loginReady(login)}
          >
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
          if (loginReady(login)) save();
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
        <ServerLoginFields
          value={login}
          onChange={(v) => {
            setLogin(v);
            setError(null);
          }}
          userLabel="User name"
          passwordLabel="Team password"
          tlsTestId="team-settings-tls"
          tlsHint="and if your risk manager says so"
        />
        <p className="hint">
          The password is kept on this computer, encrypted by the system&apos;s key store; never in the
          register file. Ask your risk manager if you do not have it. A new address or user name is tried on
          the server before it is kept.
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
