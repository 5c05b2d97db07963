/**
 * The first rows come from a small first page; the rest arrive in pages between frames, with "Loading risks…" in
 * the status area until the whole list is in. A write between pages makes the window read the whole list again.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE } from '../../../renderer/actions/risk-actions.ts';
import { App } from '../../../renderer/App.tsx';
import { useRisksStore } from '../../../renderer/stores/risks-store.ts';
import type { Api } from '../../../shared/contract/index.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';

interface Watch {
  count: (channel: string) => number;
  /** Let the held later pages go. */
  release: () => void;
  /** Resolves when a later page is being held. */
  held: Promise<void>;
}

/** Wrap `window.api`: count calls per channel and hold every later page of `risks:list-page` until released. */
function watch(backend: Backend, hold: boolean): Watch {
  const calls = new Map<string, number>();
  const api = backend.api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, unknown> = { ...api };
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let heldNow = () => {};
  const held = new Promise<void>((resolve) => {
    heldNow = resolve;
  });
  for (const [name, fn] of Object.entries(api)) {
    if (name === 'on') continue;
    wrapped[name] = async (input: unknown) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      if (hold && name === 'risks:list-page' && (input as { after: unknown }).after !== null) {
        heldNow();
        await gate;
      }
      return fn(input);
    };
  }
  window.api = wrapped as unknown as Api;
  return { count: (c) => calls.get(c) ?? 0, release, held };
}

async function addRisks(backend: Backend, n: number): Promise<void> {
  for (let k = 0; k < n; k += 1) {
    await backend.call('risks:create', {
      category: 'Finance',
      description: `Generated risk ${k + 1} for the paged load.`,
      impact: 3,
      likelihood: 2,
    });
  }
}

const ids = (risks: { id: string }[]) => risks.map((r) => r.id);

describe('loading the register in pages', () => {
  it('a small register: one page, no progress, as fast as before', async () => {
    const backend = await createBackend();
    const w = watch(backend, false);
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    expect(w.count('risks:list-page')).toBe(1);
    expect(w.count('risks:list-with-revision')).toBe(0);
    expect(screen.queryByTestId('load-progress')).toBeNull();
    expect(ids(useRisksStore.getState().risks)).toEqual(ids(await backend.call('risks:list', {})));
  });

  it('shows the first page at once, says how far it has got, then holds the whole list', async () => {
    const backend = await createBackend();
    await addRisks(backend, 400);
    const list = await backend.call('risks:list', {});
    expect(list.length).toBe(419); // the sample's 19 live risks and 400 more
    const w = watch(backend, true);
    render(<App />);
    await w.held;
    await screen.findByTestId('risk-table');
    const partial = useRisksStore.getState();
    expect(partial.risks.length).toBe(FIRST_PAGE);
    expect(partial.revision).toBeNull();
    expect((await screen.findByTestId('load-progress')).textContent).toMatch(
      /Loading risks… 200 of 419\..*loaded so far/,
    );
    expect(screen.getByTestId('shown-count').textContent).toBe('200 risks loaded so far of 419 (loading…)');
    w.release();
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    const done = useRisksStore.getState();
    expect(screen.getByTestId('shown-count').textContent).toBe('419 risks');
    expect(ids(done.risks)).toEqual(ids(list));
    expect(done.risks).toEqual(list);
    expect(done.progress).toBeNull();
    expect(screen.queryByTestId('load-progress')).toBeNull();
    expect(w.count('risks:list-page')).toBe(2);
    expect(w.count('risks:list-with-revision')).toBe(0);
  });

  it('reads the whole list again when the register moves between pages: no stale or doubled row', async () => {
    const backend = await createBackend();
    await addRisks(backend, 400);
    const w = watch(backend, true);
    render(<App />);
    await w.held;
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('No SR4');
    await backend.call('risks:update', {
      id: sr4.id,
      version: sr4.version,
      changes: { mitigation: 'Changed meanwhile.' },
    });
    // The shell tells the window; the load goes on (no first page again) and catches the change itself.
    act(() => backend.emit('register-changed', null));
    expect(useRisksStore.getState().risks.length).toBe(FIRST_PAGE);
    w.release();
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    const done = useRisksStore.getState();
    const list = await backend.call('risks:list', {});
    expect(done.risks).toEqual(list);
    expect(new Set(ids(done.risks)).size).toBe(419);
    expect(done.risks.find((r) => r.ref === 'SR4')?.mitigation).toBe('Changed meanwhile.');
    expect(w.count('risks:list-with-revision')).toBe(1);
    expect(w.count('risks:list-page')).toBe(2);
    expect(screen.queryByTestId('load-progress')).toBeNull();
  });
});
