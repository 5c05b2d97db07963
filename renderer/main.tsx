/**
 * The entry script: small on purpose (no React, no stores, no contract schemas). It picks the view from the URL
 * and loads that view's chunk; Vite fetches the chunk and what it needs (React, styles) side by side. For the app
 * it first starts the launch's reads (api/launch.ts), so the register's status and first page are on their way
 * while the app's code is fetched and evaluated (issue 14, first rows).
 */
import { parseBoardPackRoute } from '../shared/export/board-pack.ts';
import { startLaunchReads } from './api/launch.ts';

performance.mark('rr:bundle-evaluated');
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
const mount = root;
// `#/print/board-pack?…` is the PDF board pack's print view (opened by the shell, never by the user). It loads only
// the pack's own chunk, not the whole app (stores, routes, table), so a print starts drawing sooner (issue 14);
// the app likewise loads without the pack's code.
const boardPack = parseBoardPackRoute(window.location.hash);
/** A chunk that did not load (a damaged install): said on the page, and to the printer as the pack's refusal. */
function notLoaded(e: unknown): void {
  const pack = document.createElement('div');
  pack.dataset['testid'] = 'board-pack';
  pack.dataset['ready'] = 'true';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.dataset['testid'] = 'board-pack-error';
  p.textContent = `Risk Register could not load its pages (${e instanceof Error ? e.message : String(e)}). Reinstall the app.`;
  pack.appendChild(p);
  mount.replaceChildren(pack);
}
if (boardPack) {
  import('./io/BoardPack.tsx')
    .then(({ startBoardPack }) => startBoardPack(mount, boardPack))
    .catch(notLoaded);
} else {
  startLaunchReads((window as { api?: Window['api'] }).api);
  import('./App.tsx').then(({ startApp }) => startApp(mount)).catch(notLoaded);
}
