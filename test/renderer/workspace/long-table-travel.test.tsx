/**
 * A long (virtualised) register against the real handler table: the travel column reads the figures of the rows on
 * screen only (by ids, never the whole register), and they equal the whole-register computation; ticks count the
 * rows shown (scrolling to a selected risk far down is checked in Chromium, test/e2e/long-table.test.ts).
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../shared/contract/index.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { App } from '../../../renderer/App.tsx';
import { useTableStore } from '../../../renderer/workspace/table-store.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';

const COUNT = 400;

async function longRegister(): Promise<Backend> {
  const backend = await createBackend({ start: 'empty' });
  for (let i = 0; i < COUNT; i += 1) {
    await backend.call('risks:create', {
      ref: `SR${i + 1}`,
      category: ['Finance', 'People', 'Delivery'][i % 3] as string,
      description: `Synthetic risk number ${i + 1}`,
      impact: ((i % 5) + 1) as ScoreValue,
      likelihood: (((i >> 2) % 5) + 1) as ScoreValue,
    });
  }
  // A scripted history: some risks move up, some down, one twice.
  const list = await backend.call('risks:list', {});
  for (const ref of ['SR1', 'SR3', 'SR4', 'SR350']) {
    const r = list.find((x) => x.ref === ref);
    if (!r) throw new Error(`No ${ref}`);
    const moved = await backend.call('risks:update-score', {
      id: r.id,
      version: r.version,
      impact: r.impact === 5 ? 1 : 5,
      likelihood: r.likelihood,
    });
    if (ref === 'SR3') {
      await backend.call('risks:update-score', {
        id: moved.id,
        version: moved.version,
        impact: 2,
        likelihood: 2,
      });
    }
  }
  return backend;
}

/** `window.api` that records every call's input by channel. */
function recordCalls(backend: Backend): Map<string, unknown[]> {
  const calls = new Map<string, unknown[]>();
  const api = backend.api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, unknown> = { ...api };
  for (const [name, fn] of Object.entries(api)) {
    if (name === 'on') continue;
    wrapped[name] = (input: unknown) => {
      calls.set(name, [...(calls.get(name) ?? []), input]);
      return fn(input);
    };
  }
  window.api = wrapped as unknown as Api;
  return calls;
}

function rowRefs(): string[] {
  return screen.queryAllByTestId(/^risk-row-/).map((r) => r.dataset.testid?.replace('risk-row-', '') ?? '');
}

function travelText(ref: string): string {
  return screen.getByTestId(`risk-row-${ref}`).querySelector('td[data-col="travel"]')?.textContent ?? '';
}

describe(`a register of ${COUNT} risks in the table`, () => {
  it('reads travel for the rows on screen only, by ids, and shows what the whole-register reading says', async () => {
    const backend = await longRegister();
    const calls = recordCalls(backend);
    render(<App />);
    await screen.findByTestId('risk-table');
    const inPage = rowRefs();
    expect(inPage.length).toBeGreaterThan(0);
    expect(inPage.length).toBeLessThan(100);
    await waitFor(() => expect(travelText(inPage[0] as string)).not.toBe(''));
    await waitFor(() => expect(inPage.every((ref) => travelText(ref) !== '')).toBe(true));

    // Every travel read named its risks, and none asked for more than the rows drawn.
    const reads = (calls.get('risks:travel') ?? []) as { ids?: string[] }[];
    expect(reads.length).toBeGreaterThan(0);
    const asked = new Set<string>();
    for (const r of reads) {
      expect(r.ids).toBeDefined();
      for (const id of r.ids ?? []) asked.add(id);
    }
    expect(asked.size).toBeLessThanOrEqual(inPage.length);

    // The figures shown are the whole-register computation's, risk by risk.
    const full = await backend.call('risks:travel', { against: 'review' });
    const byRef = new Map(full.map((t) => [t.ref, t]));
    for (const ref of inPage) {
      const t = byRef.get(ref);
      if (!t) throw new Error(`No travel for ${ref}`);
      expect(travelText(ref)).toContain(t.travel.text);
    }
    expect(travelText('SR1')).toMatch(/up|down/);
    expect(travelText('SR3')).toMatch(/up|down/);

    backend.close();
  });

  it('counts ticks against the rows shown: one ticked is partial, all ticked is all, a search narrows it', async () => {
    const backend = await longRegister();
    window.api = backend.api;
    render(<App />);
    await screen.findByTestId('risk-table');
    const all = screen.getByTestId<HTMLInputElement>('check-all');
    expect(all.checked).toBe(false);
    await userEvent.click(screen.getByTestId('check-SR1'));
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);
    await userEvent.click(all);
    expect(all.checked).toBe(true);
    expect(Object.keys(useTableStore.getState().checked)).toHaveLength(COUNT);
    // Searching for one risk: it is ticked, so every row shown is ticked.
    act(() => useTableStore.setState({ search: 'number 399' }));
    expect(rowRefs()).toEqual(['SR399']);
    expect(screen.getByTestId<HTMLInputElement>('check-all').checked).toBe(true);
    act(() =>
      useTableStore.setState({
        checked: {
          [backend.session.db.prepare("SELECT id FROM risks WHERE ref = 'SR1'").pluck().get() as string]:
            true,
        },
      }),
    );
    // SR1 is ticked but not shown: nothing shown is ticked.
    expect(screen.getByTestId<HTMLInputElement>('check-all').checked).toBe(false);
    expect(screen.getByTestId<HTMLInputElement>('check-all').indeterminate).toBe(false);
    act(() => useTableStore.setState({ search: '', checked: {} }));
    backend.close();
  });
});
