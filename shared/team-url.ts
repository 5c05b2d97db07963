/**
 * One rule, used by the main process (db/team/connect.ts, which refuses the connection) and by the window (the
 * Share dialog, which offers the choice before asking): a password may travel unencrypted only to this computer.
 */

/** True for this computer: localhost, 127.x.x.x, ::1, an empty host or a Unix socket path. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '' || h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith('/');
}

/** The sslmodes that encrypt the connection (libpq's names, as `pg` reads them from the address). */
export const ENCRYPTED_SSLMODES: readonly string[] = ['verify-full', 'require'];

/**
 * True when a password would travel unencrypted to another computer: the main process refuses such an address
 * unless the person explicitly chose "Connect without encryption", and the Share and Join dialogs offer that choice
 * for exactly these addresses. `host` and `sslmode` as read from the address (each side parses it itself).
 */
export function needsEncryptionChoice(host: string, sslmode: string | null): boolean {
  return !isLoopback(host) && !ENCRYPTED_SSLMODES.includes(sslmode ?? '');
}

/**
 * The sslmode kept with a replica when the person ticked "Connect without encryption" for an address that needs the
 * choice: `prefer` stays `prefer` (libpq's meaning: encrypt when the server offers TLS, without checking its
 * certificate, and fall back to no encryption when it has none; db/team/connect.ts does exactly that, since `pg`
 * 8 reads `prefer` as verify-full and never falls back), so a server that has TLS is still encrypted. Anything else
 * (none, `disable`, `allow`, a mode this app does not know) becomes `disable`: no encryption, as chosen.
 */
export function sslmodeWithoutEncryption(sslmode: string | null): 'prefer' | 'disable' {
  return sslmode === 'prefer' ? 'prefer' : 'disable';
}

/** True for a stored sslmode that records the person's choice to connect without (guaranteed) encryption. */
export function choseWithoutEncryption(sslmode: string | null): boolean {
  return sslmode === 'disable' || sslmode === 'prefer';
}

/** How a round's refusal starts when the person was removed from the team register (the shell's loop looks for it). */
export const ACCESS_REMOVED = 'Your access to this team register was removed';

/** True for the error `accessRemoved` makes (by its words, so it also holds once it has crossed to the window). */
export function isAccessRemoved(e: unknown): boolean {
  const msg = (e as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && msg.startsWith(ACCESS_REMOVED);
}
