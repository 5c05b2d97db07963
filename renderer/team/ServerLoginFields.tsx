/**
 * The server address, login and password fields of the Share and Join dialogs, with the explicit "Connect without
 * encryption" tick offered for exactly the addresses the main process refuses without it (shared/team-url.ts: a host
 * that is not this computer, with no encrypting sslmode — none at all, or `sslmode=disable` as a risk manager may
 * send it). One component, so the Share, Join and Team settings dialogs ask the same way.
 */
import { needsEncryptionChoice } from '../../shared/team-url.ts';

/**
 * True when the address names a host other than this computer and no encrypting sslmode (so encryption must be
 * chosen). The host is read as db/team/connect.ts reads it, and judged by the same rule (shared/team-url.ts).
 */
export function needsTlsChoice(server: string): boolean {
  try {
    const u = new URL(server.trim());
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || '';
    return needsEncryptionChoice(host, u.searchParams.get('sslmode'));
  } catch {
    return false;
  }
}

export interface ServerLogin {
  server: string;
  user: string;
  password: string;
  /** Ticked "Connect without encryption"; only sent when the address needs the choice (`insecureFor`). */
  insecure: boolean;
}

export const EMPTY_LOGIN: ServerLogin = { server: '', user: '', password: '', insecure: false };

/** The fields are filled in enough to submit. */
export function loginReady(v: ServerLogin): boolean {
  return v.server.trim() !== '' && v.user.trim() !== '' && v.password !== '';
}

/** What the main process is sent: trimmed, and `insecureTls` only when ticked for an address that needs it. */
export function loginInput(v: ServerLogin): {
  server: string;
  user: string;
  password: string;
  insecureTls?: boolean;
} {
  return {
    server: v.server.trim(),
    user: v.user.trim(),
    password: v.password,
    ...(v.insecure && needsTlsChoice(v.server) ? { insecureTls: true } : {}),
  };
}

export function ServerLoginFields({
  value,
  onChange,
  userLabel,
  passwordLabel = 'Password',
  tlsTestId,
  tlsHint,
}: {
  value: ServerLogin;
  onChange: (v: ServerLogin) => void;
  /** "User name" (Join) or "Manager login" (Share). */
  userLabel: string;
  /** "Password" (Join, Share) or "Team password" (Team settings). */
  passwordLabel?: string;
  tlsTestId: string;
  /** Who may decide to turn encryption off, said after "Only on a network you trust". */
  tlsHint?: string;
}) {
  const tlsChoice = needsTlsChoice(value.server);
  return (
    <>
      <label className="field">
        <span className="field-label">Server address</span>
        <input
          className="input"
          type="text"
          spellCheck={false}
          placeholder="postgresql://HOST:5432/DATABASE?sslmode=verify-full"
          value={value.server}
          onChange={(e) => onChange({ ...value, server: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">{userLabel}</span>
        <input
          className="input"
          type="text"
          spellCheck={false}
          autoComplete="username"
          value={value.user}
          onChange={(e) => onChange({ ...value, user: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">{passwordLabel}</span>
        <input
          className="input"
          type="password"
          autoComplete="current-password"
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
      </label>
      {tlsChoice && (
        <div className="field" data-testid={tlsTestId}>
          <p className="hint">
            This server is not this computer, so the connection must be encrypted: the address needs{' '}
            <code>?sslmode=verify-full</code>. Only on a network you trust{tlsHint ? `, ${tlsHint}` : ''}:
          </p>
          <label className="check">
            <input
              type="checkbox"
              checked={value.insecure}
              onChange={(e) => onChange({ ...value, insecure: e.target.checked })}
            />{' '}
            Connect without encryption
          </label>
        </div>
      )}
    </>
  );
}
