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
