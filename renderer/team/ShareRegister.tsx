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
import { isLoopback } from '../../shared/team-url.ts';

/**
 * True when the address names a host other than this computer and no sslmode (so encryption must be chosen). The
 * host is read as db/team/connect.ts reads it, and judged by the same rule (shared/team-url.ts).
 */
export function needsTlsChoice(server: string): boolean {
  try {
    const u = new URL(server.trim());
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || '';
    return !isLoopback(host) && !u.searchParams.get('sslmode');
  } catch {
    return false;
  }
}

export function ShareRegister({ onClose }: { onClose: () => void }) {
  const [server, setServer] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = server.trim() !== '' && user.trim() !== '' && password !== '';
  const tlsChoice = needsTlsChoice(server);

  const submit = () => {
    setBusy(true);
    setError(null);
    shareRegister({
      server: server.trim(),
      user: user.trim(),
      password,
      ...(tlsChoice && insecure ? { insecureTls: true } : {}),
    }).then(
      () => {
        setBusy(false);
        setPassword('');
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
          <span className="field-label">Manager login</span>
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
        {tlsChoice && (
          <div className="field" data-testid="share-tls">
            <p className="hint">
              This server is not this computer, so the connection must be encrypted: add{' '}
              <code>?sslmode=verify-full</code> to the address. Only on a network you trust:
            </p>
            <label className="check">
              <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />{' '}
              Connect without encryption
            </label>
          </div>
        )}
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
