import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

describe('Settings › Your name', () => {
  it('records changes under the chosen display name instead of the OS account', async () => {
    const backend = await renderApp({ start: 'sample', user: 'jsmith' });
    await userEvent.click(await screen.findByRole('button', { name: 'Your name' }));
    expect((await screen.findByTestId('recorded-as')).textContent).toBe('Changes are recorded as: jsmith');

    const input = screen.getByLabelText('Your name in the history');
    await userEvent.type(input, 'Chris Ho (Finance)');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('recorded-as').textContent).toBe(
        'Changes are recorded as: Chris Ho (Finance)',
      ),
    );

    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('SR4 missing from the sample');
    await backend.call('risks:update-score', { id: sr4.id, version: sr4.version, impact: 4, likelihood: 3 });
    const last = (await backend.call('risks:history', { id: sr4.id })).at(-1);
    expect(last?.by).toBe('Chris Ho (Finance)');

    // Clearing the name goes back to the OS account.
    await userEvent.clear(input);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('recorded-as').textContent).toBe('Changes are recorded as: jsmith'),
    );
  });

  it('refuses a name longer than 100 characters with a clear message', async () => {
    const backend = await renderApp({ start: 'sample' });
    await expect(backend.call('prefs:set-display-name', { displayName: 'x'.repeat(101) })).rejects.toThrow(
      'Your name is at most 100 characters.',
    );
    expect((await backend.call('prefs:identity', {})).displayName).toBeNull();
  });
});
