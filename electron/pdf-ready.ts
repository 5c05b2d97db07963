/**
 * How the PDF window knows the board pack is drawn: renderer/io/BoardPack.tsx marks its root with
 * `data-testid="board-pack"` and `data-ready="true"` once everything is drawn, and shows a refusal in
 * `data-testid="board-pack-error"`. Kept apart from pdf.ts (no electron import) so a jsdom test can run the very
 * script the shell runs against the real component: pointing it at a selector the page lacks fails that test.
 */
export const BOARD_PACK_SELECTOR = '[data-testid="board-pack"]';
export const BOARD_PACK_ERROR_SELECTOR = '[data-testid="board-pack-error"]';

/** Evaluated in the page: null until drawn, then `{ error }` (the page's own refusal, or null). */
export const READY_SCRIPT = `(() => {
  const pack = document.querySelector(${JSON.stringify(BOARD_PACK_SELECTOR)});
  if (!pack || pack.dataset.ready !== 'true') return null;
  const error = document.querySelector(${JSON.stringify(BOARD_PACK_ERROR_SELECTOR)});
  return { error: error ? error.textContent : null };
})()`;
