/**
 * How the PDF window knows the board pack is drawn: renderer/io/BoardPack.tsx marks its root with
 * `data-testid="board-pack"` and `data-ready="true"` once everything is drawn, and shows a refusal in
 * `data-testid="board-pack-error"`. Kept apart from pdf.ts (no electron import) so a jsdom test can run the very
 * script the shell runs against the real component: pointing it at a selector the page lacks fails that test.
 */
export const BOARD_PACK_SELECTOR = '[data-testid="board-pack"]';
export const BOARD_PACK_ERROR_SELECTOR = '[data-testid="board-pack-error"]';

/** The page's state as an expression: null until drawn, then `{ error }` (the page's own refusal, or null). */
const STATE = `(() => {
  const pack = document.querySelector(${JSON.stringify(BOARD_PACK_SELECTOR)});
  if (!pack || pack.dataset.ready !== 'true') return null;
  const error = document.querySelector(${JSON.stringify(BOARD_PACK_ERROR_SELECTOR)});
  return { error: error ? error.textContent : null };
})`;

/** Evaluated in the page: null until drawn, then `{ error }` (the page's own refusal, or null). */
export const READY_SCRIPT = `${STATE}()`;

/**
 * Evaluated in the page (`executeJavaScript` awaits the promise): `{ error }` as soon as the pack marks itself
 * drawn — at once if it already is — or null if it is not drawn within `waitMs`, so the shell can ask again until
 * its own deadline. It wakes on the DOM change that marks the pack ready (a MutationObserver), never by polling on
 * a timer or on animation frames, which a hidden window throttles: the print starts within the same task.
 */
export function readyWaitScript(waitMs: number): string {
  return `new Promise((resolve) => {
  const state = ${STATE};
  const now = state();
  if (now) return resolve(now);
  const observer = new MutationObserver(() => {
    const s = state();
    if (s) finish(s);
  });
  const timer = setTimeout(() => finish(null), ${Math.max(0, Math.round(waitMs))});
  function finish(s) {
    observer.disconnect();
    clearTimeout(timer);
    resolve(s);
  }
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
})`;
}
