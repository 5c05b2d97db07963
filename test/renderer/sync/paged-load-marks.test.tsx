/**
 * While the register arrives in pages: each later page only adds rows (the window does not ask the main process
 * for review counts, team status, categories or travel again per page: at 100,000 risks `reviews:due` alone held
 * the main process ~1 s per page), the heading says "so far", and the heatmap and the dashboard carry their own
 * loading mark. Once the list is whole every figure is read again, once, and the marks go.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createRisk } from '../../../db/risk-writes.ts';
import { FIRST_PAGE, NEXT_PAGE } from '../../../renderer/actions/risk-actions.ts';
import { App } from '../../../renderer/App.tsx';
import { useRisksStore } from '../../../renderer/stores/risks-store.ts';
import { useUiStore } from '../../../renderer/stores/ui-store.ts';
import type { Api } from '../../../shared/contract/index.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';

/** The reads a moving list used to set off. */
const FIGURES = ['reviews:due', 'team:status', 'conflicts:list', 'categories:list', 'risks:travel'];

interface Pages {
  count: (channel: string) => number;
  /** Let the next held page go. */
  releaseOne: () => void;
  /** How many later pages have been asked for so far. */
  asked: () => number;
}

/** Wrap `window.api`: count calls per channel and hold each later page of `risks:list-page` until released. */
function pages(backend: Backend): Pages {
  const calls = new Map<string, number>();
  const api = backend.api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, unknown> = { ...api };
  const gates: (() => void)[] = [];
  let released = 0;
  let asked = 0;
  for (const [name, fn] of Object.entries(api)) {
    if (name === 'on') continue;
    wrapped[name] = async (input: unknown) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      if (name === 'risks:list-page' && (input as { after: unknown }).after !== null) {
        const k = asked++;
        if (k >= released) await new Promise<void>((resolve) => (gates[k] = resolve));
      }
      return fn(input);
    };
  }
  window.api = wrapped as unknown as Api;
  return {
    count: (c) => calls.get(c) ?? 0,
    releaseOne: () => {
      gates[released]?.();
      released += 1;
    },
    asked: () => asked,
  };
}

/** `n` more risks, in one transaction (as an import would write them). */
function addRisks(backend: Backend, n: number): void {
  const db = backend.session.writable();
  const ctx = { now: new Date().toISOString(), by: 'Test User' };
  db.transaction(() => {
    for (let k = 0; k < n; k += 1)
      createRisk(
        db,
        {
          ref: `SR${1000 + k}`,
          category: 'Finance',
          description: `Generated risk ${k + 1} for the paged load.`,
          impact: 3,
          likelihood: 2,
          inherent: null,
          target: null,
          mitigation: '',
          owners: ['KB'],
        },
        ctx,
        'import',
      );
  })();
}

const figures = (p: Pages) => FIGURES.map((c) => p.count(c));

describe('while the register loads in pages', () => {
  it('a later page only adds rows: no other figure is read again until the list is whole', async () => {
    const backend = await createBackend();
    addRisks(backend, 2 * NEXT_PAGE + 100);
    const total = (await backend.call('risks:list', {})).length;
    const p = pages(backend);
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(p.asked()).toBe(1));
    expect(useRisksStore.getState().risks.length).toBe(FIRST_PAGE);
    // Let whatever the first page set off settle, then count.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const before = figures(p);
    p.releaseOne();
    await waitFor(() => expect(useRisksStore.getState().risks.length).toBe(FIRST_PAGE + NEXT_PAGE));
    await waitFor(() => expect(p.asked()).toBe(2));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.getByTestId('load-progress').textContent).toContain(
      `${(FIRST_PAGE + NEXT_PAGE).toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}`,
    );
    expect(figures(p)).toEqual(before);
    p.releaseOne();
    p.releaseOne();
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    expect(useRisksStore.getState().risks.length).toBe(total);
    // Once whole: the review counts, team status and categories are read again.
    await waitFor(() => {
      const after = figures(p);
      for (const [i, c] of FIGURES.entries())
        if (c !== 'risks:travel') expect(after[i], c).toBeGreaterThan(before[i] as number);
    });
  });

  it('the heading says "so far", the heatmap and the dashboard say they are loading; all go when whole', async () => {
    const backend = await createBackend();
    addRisks(backend, 400);
    const total = (await backend.call('risks:list', {})).length;
    const p = pages(backend);
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(p.asked()).toBe(1));
    expect(screen.getByTestId('view-title').textContent).toMatch(/^Register · 200 risks so far · as at /);
    act(() => useUiStore.setState({ view: 'heatmap' }));
    expect((await screen.findByTestId('view-loading')).textContent).toBe(
      `Loading risks… 200 of ${total}: the cells cover only the risks loaded so far.`,
    );
    act(() => useUiStore.setState({ view: 'dashboard' }));
    await screen.findByTestId('dashboard');
    expect(screen.getByTestId('view-loading').textContent).toBe(
      `Loading risks… 200 of ${total}: the figures cover only the risks loaded so far.`,
    );
    p.releaseOne();
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    await waitFor(() => expect(screen.queryByTestId('view-loading')).toBeNull());
    expect(screen.getByTestId('view-title').textContent).toMatch(
      new RegExp(`^Dashboard · ${total} risks · as at `),
    );
    act(() => useUiStore.setState({ view: 'heatmap' }));
    await screen.findByTestId('heatmap-view');
    expect(screen.queryByTestId('view-loading')).toBeNull();
  });
});
