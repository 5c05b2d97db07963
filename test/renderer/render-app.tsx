/** Render the whole app against a real backend, as the window would show it. */
import { render, screen } from '@testing-library/react';
import { App } from '../../renderer/App.tsx';
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
