// @vitest-environment jsdom
/**
 * The PDF window waits for READY_SCRIPT (electron/pdf-ready.ts) to see the board pack drawn. Here the very same
 * script runs against the real BoardPack component, rendered in jsdom over the real handler table and a real
 * SQLite register: if the component's markers and the script's selectors ever drift apart, the wait never ends
 * in the app, and this test fails instead.
 */
import { cleanup, render } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BOARD_PACK_ERROR_SELECTOR,
  BOARD_PACK_SELECTOR,
  READY_SCRIPT,
  readyWaitScript,
} from '../../../electron/pdf-ready.ts';
import { BoardPack } from '../../../renderer/io/BoardPack.tsx';
import { resetStores } from '../../../renderer/stores/reset.ts';
import type { BoardPackRequest } from '../../../shared/export/board-pack.ts';
import { closeBackends, createBackend } from '../../renderer/backend.ts';

// jsdom has no FontFaceSet; Chromium's resolves once the page's fonts are loaded (BoardPack waits for it).
Object.defineProperty(document, 'fonts', { value: { ready: Promise.resolve() }, configurable: true });

afterEach(() => {
  cleanup();
  resetStores();
  closeBackends();
  Reflect.deleteProperty(window, 'api');
});

/** Run the shell's ready-script in this document, as `webContents.executeJavaScript` would. */
const readyState = () => new Function(`return ${READY_SCRIPT}`)() as { error: string | null } | null;
/** Run the shell's waiting script in this document, as `webContents.executeJavaScript` would (it awaits it). */
const waitReady = (ms: number) =>
  new Function(`return ${readyWaitScript(ms)}`)() as Promise<{ error: string | null } | null>;

const request: BoardPackRequest = {
  scores: 'current',
  bands: null,
  sort: 'ref',
  asAt: '2026-11-22',
  travel: false,
};

describe("the PDF window's ready-script", () => {
  it('sees the real board pack drawn, with no error, once its data has arrived', async () => {
    const backend = await createBackend({ start: 'sample' });
    Object.defineProperty(window, 'api', { value: backend.api, configurable: true });
    render(createElement(BoardPack, { request }));
    expect(document.querySelector(BOARD_PACK_SELECTOR)).not.toBeNull();
    await vi.waitFor(() => expect(readyState()).toEqual({ error: null }), { timeout: 10_000 });
    expect(document.querySelector(BOARD_PACK_SELECTOR)?.textContent).toMatch(/\S/);
  });

  it("sees the page's own refusal when the request cannot be drawn", async () => {
    const backend = await createBackend({ start: 'sample' });
    Object.defineProperty(window, 'api', { value: backend.api, configurable: true });
    render(createElement(BoardPack, { request: { ...request, bands: ['Purple'] } }));
    await vi.waitFor(() => expect(readyState()).not.toBeNull(), { timeout: 10_000 });
    expect(readyState()?.error).toMatch(/Purple/);
    expect(document.querySelector(BOARD_PACK_ERROR_SELECTOR)).not.toBeNull();
  });

  it('stays not-ready while the pack is still loading', async () => {
    const backend = await createBackend({ start: 'sample' });
    const never = new Promise<never>(() => {});
    const api = { ...backend.api, 'export:board-pack': () => never };
    Object.defineProperty(window, 'api', { value: api, configurable: true });
    render(createElement(BoardPack, { request }));
    expect(document.querySelector(BOARD_PACK_SELECTOR)).not.toBeNull();
    expect(readyState()).toBeNull();
  });

  it('the waiting script answers when the real pack is drawn, woken by the page, not by its time-out', async () => {
    const backend = await createBackend({ start: 'sample' });
    Object.defineProperty(window, 'api', { value: backend.api, configurable: true });
    render(createElement(BoardPack, { request }));
    expect(readyState()).toBeNull();
    // A wait far longer than the test's own time-out: only the DOM change that marks the pack drawn can end it.
    await expect(waitReady(60_000)).resolves.toEqual({ error: null });
  });

  it('the waiting script passes on the refusal, and answers at once when the pack is already drawn', async () => {
    const backend = await createBackend({ start: 'sample' });
    Object.defineProperty(window, 'api', { value: backend.api, configurable: true });
    render(createElement(BoardPack, { request: { ...request, bands: ['Purple'] } }));
    const first = await waitReady(60_000);
    expect(first?.error).toMatch(/Purple/);
    await expect(waitReady(60_000)).resolves.toEqual(first);
  });

  it('the waiting script gives up with null after its slice while the pack is still loading', async () => {
    const backend = await createBackend({ start: 'sample' });
    const never = new Promise<never>(() => {});
    const api = { ...backend.api, 'export:board-pack': () => never };
    Object.defineProperty(window, 'api', { value: api, configurable: true });
    render(createElement(BoardPack, { request }));
    await expect(waitReady(50)).resolves.toBeNull();
  });
});
