/**
 * The launch's first reads (renderer/api/launch.ts): the entry script asks for the register's status, first page
 * and categories while the app's code loads; the app then uses those answers instead of asking again — once, and
 * never after the register changed meanwhile.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/App.tsx';
import { reloadRegister } from '../../../renderer/actions/register-actions.ts';
import { startLaunchReads } from '../../../renderer/api/launch.ts';
import { useRisksStore } from '../../../renderer/stores/risks-store.ts';
import type { Api } from '../../../shared/contract/index.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';

/** Wrap the backend's `window.api`, counting the calls made through it, by channel. */
function counted(backend: Backend): { api: Api; count: (channel: string) => number } {
  const calls = new Map<string, number>();
  const api = backend.api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, unknown> = { ...api };
  for (const [name, fn] of Object.entries(api)) {
    if (name === 'on') continue;
    wrapped[name] = (input: unknown) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return fn(input);
    };
  }
  window.api = wrapped as unknown as Api;
  return { api: window.api, count: (c) => calls.get(c) ?? 0 };
}

const refs = () => useRisksStore.getState().risks.map((r) => r.ref);

describe('the launch reads', () => {
  it('the app uses the answers already on their way: the status and the first page are read once', async () => {
    const backend = await createBackend();
    const w = counted(backend);
    startLaunchReads(w.api);
    await waitFor(() => expect(w.count('categories:list')).toBe(1));
    expect(w.count('register:status')).toBe(1);
    expect(w.count('risks:list-page')).toBe(1);
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    expect(w.count('register:status')).toBe(1);
    expect(w.count('risks:list-page')).toBe(1);
    expect(useRisksStore.getState().risks).toEqual(await backend.call('risks:list', {}));
  });

  it('a change before the app asks: the early answers are dropped and the app reads the register afresh', async () => {
    const backend = await createBackend();
    const w = counted(backend);
    startLaunchReads(w.api);
    await waitFor(() => expect(w.count('categories:list')).toBe(1));
    await backend.call('risks:create', {
      ref: 'SR99',
      category: 'Finance',
      description: 'Made in another window while this one was starting.',
      impact: 3,
      likelihood: 2,
    });
    act(() => backend.emit('register-changed', null));
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(refs()).toContain('SR99'));
    expect(w.count('register:status')).toBe(2);
    expect(w.count('risks:list-page')).toBe(2);
    expect(useRisksStore.getState().risks).toEqual(await backend.call('risks:list', {}));
  });

  it('used once: a later read with the same input goes to the register, not to the launch', async () => {
    const backend = await createBackend();
    const w = counted(backend);
    startLaunchReads(w.api);
    render(<App />);
    await screen.findByTestId('risk-table');
    await waitFor(() => expect(useRisksStore.getState().revision).not.toBeNull());
    await backend.call('risks:create', {
      ref: 'SR98',
      category: 'Finance',
      description: 'Made after the launch.',
      impact: 2,
      likelihood: 2,
    });
    // Read again with no event from the shell (as after a team sync round): the same calls as the launch's.
    await act(() => reloadRegister());
    expect(refs()).toContain('SR98');
    expect(useRisksStore.getState().risks).toEqual(await backend.call('risks:list', {}));
  });
});
