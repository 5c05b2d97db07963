import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

describe('the confidential flag in the risk panel', () => {
  it('marks a risk confidential and public again, each change in its history', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR7'));
    const box = screen.getByTestId<HTMLInputElement>('panel-confidential');
    expect(box.checked).toBe(false);
    await userEvent.click(box);
    await waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('panel-confidential').checked).toBe(true),
    );
    const sr7 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR7');
    expect(sr7?.confidential).toBe(true);
    await userEvent.click(screen.getByTestId('panel-confidential'));
    await waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('panel-confidential').checked).toBe(false),
    );
    const history = await backend.call('risks:history', { id: sr7?.id ?? '' });
    expect(history.filter((e) => e.field === 'confidential').map((e) => e.newValue)).toEqual([true, false]);
  });
});
