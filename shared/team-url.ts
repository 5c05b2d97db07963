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
