import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

describe('Objectives view', () => {
  it('shows each objective with its status and exposure, and links and unlinks risks', async () => {
    const backend = await renderApp({ start: 'sample' });
    await backend.call('objectives:create', {
      ref: 'F1',
      title: 'Adequate funding',
      lead: 'CEx',
      status: 'amber',
    });
    await screen.findByTestId('risk-table');
    fireEvent.click(screen.getByTestId('nav-objectives'));
    const card = await screen.findByTestId('objective-F1');
    expect(within(card).getByTestId('objective-status').textContent).toBe('Amber');
    expect(within(card).getByTestId('objective-exposure').textContent).toBe('No risks linked.');

    const risks = await backend.call('risks:list', {});
    const sr4 = risks.find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4 in the sample');
    fireEvent.change(within(card).getByLabelText('Link a risk to F1'), { target: { value: sr4.id } });
    await waitFor(() =>
      expect(within(screen.getByTestId('objective-F1')).getByTestId('objective-exposure').textContent).toBe(
        'Highest current score 15 (Amber); 1 Amber; 0 outside appetite.',
      ),
    );
    expect((await backend.call('objectives:list', {}))[0]?.riskRefs).toEqual(['SR4']);

    fireEvent.click(
      within(screen.getByTestId('objective-F1')).getByRole('button', { name: 'Unlink SR4 from F1' }),
    );
    await waitFor(() => expect(screen.getByTestId('objective-F1').textContent).toContain('No risks linked.'));
    const history = await backend.call('history:list', { entity: 'objective' });
    expect(history.filter((e) => e.field === 'risks').map((e) => e.newValue)).toEqual([['SR4'], []]);
  });
});

describe('Escalations on the dashboard', () => {
  it('lists the risks a rule fires for, with the rule, and follows a change made in another window', async () => {
    const backend = await renderApp({ start: 'sample' });
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Red now',
          when: { metric: 'band', op: '=', value: 'Red' },
          then: 'escalate',
          to: 'Leadership board',
        },
      ],
    });
    await screen.findByTestId('risk-table');
    fireEvent.click(screen.getByTestId('nav-dashboard'));
    // The LGA sample has no Red risk: nothing to list.
    await screen.findByTestId('view-dashboard');
    expect(screen.queryByTestId('escalations')).toBeNull();

    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4 in the sample');
    await backend.call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'current',
      impact: 5,
      likelihood: 4,
    });
    backend.emit('register-changed', null);
    const item = await screen.findByTestId('escalation');
    expect(item.textContent).toContain('SR4 Escalate to Leadership board: Red now.');
    expect(item.textContent).toContain('In band Red (now 20).');
  });
});
