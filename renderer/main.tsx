import type { ReactNode } from 'react';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { parseBoardPackRoute, PRINT_NEXT_FUNCTION } from '../shared/export/board-pack.ts';

performance.mark('rr:bundle-evaluated');
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
const mount = root;
const render = (view: ReactNode) => createRoot(mount).render(<StrictMode>{view}</StrictMode>);
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
    .then(({ BoardPack }) => {
      const reactRoot = createRoot(mount);
      // Each request is a new pack (its own key): nothing of the previous one's state or rows is kept.
      let printNo = 0;
      const show = (request: NonNullable<typeof boardPack>) =>
        reactRoot.render(
          <StrictMode>
            <BoardPack key={++printNo} request={request} />
          </StrictMode>,
        );
      show(boardPack);
      // The printer keeps this page for its next print (a warm print page) and hands it the next route here. The
      // previous pack is replaced before this returns (flushSync), so the printer's wait for `data-ready` can
      // never see the previous pack's "ready".
      Object.defineProperty(window, PRINT_NEXT_FUNCTION, {
        value: (route: unknown): boolean => {
          const request = typeof route === 'string' ? parseBoardPackRoute(route) : null;
          if (!request) return false;
          history.replaceState(null, '', route as string);
          flushSync(() => show(request));
          return true;
        },
      });
    })
    .catch(notLoaded);
} else {
  import('./App.tsx').then(({ App }) => render(<App />)).catch(notLoaded);
}
