/** "Split into controls" in the risk panel (issue 13): jsdom over the real handler table on a real register. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app.tsx';

describe('splitting the imported Mitigation into controls', () => {
  it('proposes one per bullet, lets the user edit, untick and rate them, and creates them in one go', async () => {
    const backend = await renderApp({ user: 'Jo Finance', now: () => new Date('2026-05-01T09:00:00Z') });
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    const text = '• Medium term financial strategy\n• Monthly budget monitoring\n• Lobbying through the LGA';
    await backend.call('risks:update', { id: sr4.id, version: sr4.version, changes: { mitigation: text } });
    await act(async () => {
      backend.emit('register-changed', null);
      await new Promise((ok) => setTimeout(ok, 50));
    });

    await userEvent.click(screen.getByTestId('risk-row-SR4'));
    const panel = within(await screen.findByTestId('controls-section'));
    await userEvent.click(await panel.findByTestId('split-mitigation'));
    const form = within(panel.getByTestId('split-form'));
    expect(form.getAllByTestId('split-item')).toHaveLength(3);
    expect((form.getByLabelText('Control 2') as HTMLInputElement).value).toBe('Monthly budget monitoring');

    fireEvent.change(form.getByLabelText('Control 2'), {
      target: { value: 'Monthly budget monitoring reported to SMT' },
    });
    await userEvent.selectOptions(form.getByLabelText('Type of control 2'), 'detective');
    await userEvent.selectOptions(form.getByLabelText('Effectiveness of control 2'), 'partial');
    await userEvent.click(form.getByLabelText('Create control 3'));
    await userEvent.click(form.getByTestId('split-clear'));
    expect(form.getByTestId('split-create').textContent).toBe('Create 2 controls');
    await userEvent.click(form.getByTestId('split-create'));

    await waitFor(() => expect(panel.getAllByTestId('control-item')).toHaveLength(2));
    const stored = await backend.call('controls:list', { riskId: sr4.id });
    expect(stored.map((c) => [c.text, c.type, c.effectiveness, c.assessedBy])).toEqual([
      ['Medium term financial strategy', null, 'unassessed', null],
      ['Monthly budget monitoring reported to SMT', 'detective', 'partial', 'Jo Finance'],
    ]);
    expect((await backend.call('risks:list', {})).find((r) => r.ref === 'SR4')?.mitigation).toBe('');
    // The Mitigation is gone (the shell tells every window the register changed), so nothing is left to split.
    await act(async () => {
      backend.emit('register-changed', null);
      await new Promise((ok) => setTimeout(ok, 50));
    });
    await waitFor(() => expect(panel.queryByTestId('split-mitigation')).toBeNull());
  });
});
