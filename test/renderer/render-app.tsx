/** Render the whole app against a real backend, as the window would show it. */
import { act, render, screen } from '@testing-library/react';
import { App } from '../../renderer/App.tsx';
import type { Api } from '../../shared/contract/index.ts';
import type { Backend, BackendOptions } from './backend.ts';
import { createBackend } from './backend.ts';

export async function renderApp(opts: BackendOptions = {}): Promise<Backend> {
  const backend = await createBackend(opts);
  window.api = backend.api;
  render(<App />);
  const start = opts.start ?? 'sample';
  if (start === 'sample' || start === 'empty') await screen.findByTestId('risk-table');
  return backend;
}

/** "#f0962e" → "rgb(240, 150, 46)", as the DOM reports a colour. */
export function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** Every call the window makes from now on, with its input (`window.api` wrapped; the backend's own calls are not). */
export function logCalls(): [string, unknown][] {
  const log: [string, unknown][] = [];
  const api = window.api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, unknown> = { ...api };
  for (const [name, fn] of Object.entries(api)) {
    if (name === 'on') continue;
    wrapped[name] = (input: unknown) => {
      log.push([name, input]);
      return fn(input);
    };
  }
  window.api = wrapped as unknown as Api;
  return log;
}

/** Tell the window the register changed (as the main process does after a write elsewhere) and let it re-read. */
export async function registerChanged(backend: Backend): Promise<void> {
  await act(async () => {
    backend.emit('register-changed', null);
    await new Promise((ok) => setTimeout(ok, 80));
  });
}
