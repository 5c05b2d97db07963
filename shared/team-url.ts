/**
 * One rule, used by the main process (db/team/connect.ts, which refuses the connection) and by the window (the
 * Share dialog, which offers the choice before asking): a password may travel unencrypted only to this computer.
 */

/** True for this computer: localhost, 127.x.x.x, ::1, an empty host or a Unix socket path. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '' || h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith('/');
}
