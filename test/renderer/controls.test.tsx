/** The panel's controls, assurance and treatment sections and the Controls view, in jsdom over a real register. */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app.tsx';

async function open(ref: string) {
  await userEvent.click(screen.getByTestId(`risk-row-${ref}`));
  expect(screen.getByTestId('panel-ref').textContent).toBe(ref);
  return within(await screen.findByTestId('controls-section'));
}

describe('controls and assurance in the risk panel', () => {
  it('adds a control, shares it with a second risk, assesses it, and shows it in the Controls view', async () => {
    const backend = await renderApp({ user: 'Jo Finance', now: () => new Date('2026-05-01T09:00:00Z') });
    let panel = await open('SR4');
    expect(await panel.findByText('No controls recorded for this risk.')).toBeTruthy();
    await userEvent.type(panel.getByLabelText('New control'), 'Monthly budget monitoring');
    await userEvent.selectOptions(panel.getByLabelText('Control type'), 'detective');
    await userEvent.selectOptions(panel.getByLabelText('Effectiveness'), 'partial');
    await userEvent.click(panel.getByRole('button', { name: 'Add control' }));
    await waitFor(() => expect(panel.getAllByTestId('control-item')).toHaveLength(1));
    expect(panel.getByTestId('control-effectiveness').textContent).toBe('Partially effective');
    expect(panel.getByTestId('control-list').textContent).toContain('assessed 01/05/2026 by Jo Finance');

    // The same control linked to SR7 from SR7's panel.
    panel = await open('SR7');
    await waitFor(() => expect(panel.getByTestId('link-control')).toBeTruthy());
    await userEvent.selectOptions(panel.getByTestId('link-control'), 'Monthly budget monitoring');
    await waitFor(() => expect(panel.getAllByTestId('control-item')).toHaveLength(1));
    expect(panel.getByTestId('control-list').textContent).toContain('also SR4');

    await userEvent.selectOptions(panel.getByLabelText('Assess Monthly budget monitoring'), 'ineffective');
    await waitFor(() => expect(panel.getByTestId('control-effectiveness').textContent).toBe('Ineffective'));
    const [stored] = await backend.call('controls:list', {});
    expect(stored?.risks.map((r) => r.ref)).toEqual(['SR4', 'SR7']);
    expect(stored?.effectiveness).toBe('ineffective');

    await userEvent.click(screen.getByTestId('nav-controls'));
    const view = within(await screen.findByTestId('controls-view'));
    await waitFor(() => expect(view.getAllByTestId('controls-row')).toHaveLength(1));
    const row = view.getByTestId('controls-row').textContent ?? '';
    expect(row).toContain('Monthly budget monitoring');
    expect(row).toContain('Ineffective');
    expect(row).toContain('SR4');
    expect(row).toContain('SR7');
    expect(view.getByTestId('controls-summary').textContent).toContain('1 ineffective');

    // Deleting it while it serves SR4 and SR7 is refused, naming them.
    await userEvent.click(view.getByRole('button', { name: 'Delete Monthly budget monitoring' }));
    expect((await view.findByTestId('controls-view-error')).textContent).toContain(
      'still serves risks SR4, SR7',
    );
    expect(await backend.call('controls:list', {})).toHaveLength(1);
  });

  it('flags an assurance gap until a 2nd-line source is added, and records a tolerated risk’s acceptance', async () => {
    const backend = await renderApp({ user: 'Jo Finance', now: () => new Date('2026-05-01T09:00:00Z') });
    const panel = await open('SR4');
    expect((await panel.findByTestId('assurance-gap')).textContent).toBe(
      'Assurance gap: no assurance recorded.',
    );

    await userEvent.type(panel.getByLabelText('Assurance source'), 'Finance committee oversight');
    await userEvent.selectOptions(panel.getByLabelText('Line'), '2');
    await userEvent.type(panel.getByLabelText('Assurance date'), '31/02/2026');
    await userEvent.click(panel.getByRole('button', { name: 'Add assurance' }));
    expect((await panel.findByRole('alert')).textContent).toContain('dd/mm/yyyy');
    await userEvent.clear(panel.getByLabelText('Assurance date'));
    await userEvent.type(panel.getByLabelText('Assurance date'), '15/03/2026');
    await userEvent.click(panel.getByRole('button', { name: 'Add assurance' }));
    await waitFor(() => expect(panel.queryByTestId('assurance-gap')).toBeNull());
    expect(panel.getByTestId('assurance-list').textContent).toContain(
      '2nd line (oversight) · Reasonable · 15/03/2026',
    );

    await userEvent.selectOptions(panel.getByLabelText('Treatment'), 'tolerate');
    await userEvent.type(await panel.findByLabelText('Accepted by'), 'Audit Committee');
    await userEvent.type(panel.getByLabelText('Why accepted'), 'Further controls cost more than they save');
    await userEvent.type(panel.getByLabelText('Accepted until'), '30/09/2026');
    await userEvent.click(panel.getByRole('button', { name: 'Record acceptance' }));
    expect((await panel.findByTestId('acceptance')).textContent).toContain(
      'Accepted by Audit Committee until 30/09/2026',
    );
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    const stored = await backend.call('controls:for-risk', { riskId: sr4?.id ?? '' });
    expect(stored.treatment).toMatchObject({
      treatment: 'tolerate',
      acceptance: { by: 'Audit Committee', until: '2026-09-30' },
    });
  });
});
