/**
 * After a change in another window the table refreshes only what changed: `risks:changes` and the travel of
 * the changed risks, never the whole list again.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../shared/contract/index.ts';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

function cell(ref: string, col: string): HTMLElement {
  const row = screen.getByTestId(`risk-row-${ref}`);
  const td = row.querySelector<HTMLElement>(`td[data-col="${col}"]`);
  if (!td) throw new Error(`No ${col} cell in ${ref}`);
  return td;
}

/** Count the window's calls per channel (and keep the inputs) by wrapping `window.api`. */
function countCalls(backend: Backend): { calls: Map<string, unknown[]>; count: (channel: string) => number } {
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
  return { calls, count: (channel) => calls.get(channel)?.length ?? 0 };
}

async function byRef(backend: Backend, ref: string) {
  const r = (await backend.call('risks:list', { includeArchived: true })).find((x) => x.ref === ref);
  if (!r) throw new Error(`No ${ref}`);
  return r;
}

describe('refreshing after a change in another window', () => {
  it('shows the edit and its travel without reading the whole register again', async () => {
    const backend = await renderApp();
    await waitFor(() => expect(cell('SR4', 'travel').textContent).not.toBe(''));
    const travelBefore = cell('SR4', 'travel').textContent;
    const { calls, count } = countCalls(backend);

    const sr4 = await byRef(backend, 'SR4');
    await backend.call('risks:update-score', { id: sr4.id, version: sr4.version, impact: 5, likelihood: 4 });
    expect(cell('SR4', 'score').textContent).toBe('15');
    act(() => backend.emit('register-changed', null));

    await waitFor(() => expect(cell('SR4', 'score').textContent).toBe('20'));
    expect(cell('SR4', 'band').textContent).toBe('Red');
    await waitFor(() => expect(cell('SR4', 'travel').textContent).not.toBe(travelBefore));
    expect(cell('SR4', 'travel').textContent).toMatch(/up/i);

    expect(count('risks:changes')).toBe(1);
    expect(count('risks:list')).toBe(0);
    expect(count('risks:list-with-revision')).toBe(0);
    expect(count('risks:list-page')).toBe(0);
    // Travel read for SR4 only.
    expect(calls.get('risks:travel')).toEqual([{ against: 'review', ids: [sr4.id] }]);
  });

  it('adds a risk created elsewhere, drops one archived elsewhere, and keeps the rest in place', async () => {
    const backend = await renderApp();
    const { count } = countCalls(backend);
    const rowsBefore = screen.getAllByTestId(/^risk-row-/).map((r) => r.dataset.testid);

    const created = await backend.call('risks:create', {
      category: 'Finance',
      description: 'Rates appeal backlog grows.',
      impact: 4,
      likelihood: 4,
    });
    const sr2 = await byRef(backend, 'SR2');
    await backend.call('risks:archive', { id: sr2.id, version: sr2.version, reason: 'Closed' });
    act(() => backend.emit('register-changed', null));

    await screen.findByTestId(`risk-row-${created.ref}`);
    await waitFor(() => expect(screen.queryByTestId('risk-row-SR2')).toBeNull());
    const rowsAfter = screen.getAllByTestId(/^risk-row-/).map((r) => r.dataset.testid);
    expect(rowsAfter).toEqual([
      ...rowsBefore.filter((id) => id !== 'risk-row-SR2'),
      `risk-row-${created.ref}`,
    ]);
    expect(count('risks:list')).toBe(0);
    expect(count('risks:list-with-revision')).toBe(0);
  });

  it('reads everything again after a register-wide change (a category renamed elsewhere)', async () => {
    const backend = await renderApp();
    const { count } = countCalls(backend);
    const category = (await backend.call('categories:list', {})).find(
      (c) => c.name === cell('SR1', 'category').textContent,
    );
    if (!category) throw new Error('No category for SR1');
    await backend.call('categories:rename', { id: category.id, version: category.version, name: 'Renamed' });
    act(() => backend.emit('register-changed', null));

    await waitFor(() => expect(cell('SR1', 'category').textContent).toBe('Renamed'));
    expect(count('risks:changes')).toBe(1);
    // The whole list again: a register this small is one page.
    expect(count('risks:list-page')).toBe(1);
    expect(count('risks:list-with-revision')).toBe(0);
  });
});
