import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

describe('appetite status in the register table and the risk panel', () => {
  it('shows ✓ within, ◇ tolerance and ◆ outside beside the score, in words, once a category has a level', async () => {
    const backend = await renderApp({ start: 'sample' });
    const table = await screen.findByTestId('risk-table');
    expect(within(table).queryAllByTestId('appetite-mark')).toHaveLength(0);

    // Reputation Cautious (appetite 8, tolerance 12): SR5, SR8, SR11 score 15 (outside); SR6 9 and SR10 10
    // (within tolerance); SR7 and SR9 score 8 (within appetite).
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation category in the sample');
    await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'cautious' });
    backend.emit('register-changed', null);

    await waitFor(() => expect(within(table).queryAllByTestId('appetite-mark')).toHaveLength(7));
    const marks = within(table).getAllByTestId('appetite-mark');
    const byRef = new Map(
      marks.map((m) => {
        const row = m.closest('[role="row"], tr')?.textContent ?? '';
        const ref = /SR\d+/.exec(row)?.[0] ?? '?';
        return [ref, m] as const;
      }),
    );
    expect(byRef.get('SR5')?.textContent?.trim()).toBe('◆ outside');
    expect(byRef.get('SR6')?.textContent?.trim()).toBe('◇ tolerance');
    expect(byRef.get('SR7')?.textContent?.trim()).toBe('✓ within');
    expect(byRef.get('SR5')?.getAttribute('title')).toBe(
      'Outside tolerance: 15 is above the Reputation tolerance of 12 (Cautious)',
    );
    expect(byRef.get('SR6')?.getAttribute('aria-label')).toBe(
      'Within tolerance: 9 is above the Reputation appetite of 8, within the tolerance of 12 (Cautious)',
    );
    // Never the travel column's ▲.
    expect(marks.every((m) => !m.textContent?.includes('▲'))).toBe(true);
  });

  it('the panel shows the status in words and takes the risk’s own level with a reason', async () => {
    const backend = await renderApp({ start: 'sample' });
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation category in the sample');
    await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'cautious' });
    backend.emit('register-changed', null);
    const table = await screen.findByTestId('risk-table');
    await waitFor(() => expect(within(table).queryAllByTestId('appetite-mark')).toHaveLength(7));

    await userEvent.click(within(table).getByText('SR5'));
    const status = await screen.findByTestId('panel-appetite-status');
    expect(status.textContent).toContain('◆ Outside tolerance');
    expect(status.textContent).toContain(
      'Cautious: appetite up to 8, tolerance up to 12 (the Reputation level)',
    );

    await userEvent.selectOptions(screen.getByTestId('panel-appetite-level'), 'eager');
    await userEvent.type(screen.getByTestId('panel-appetite-why'), 'Statutory duty');
    await userEvent.click(screen.getByTestId('panel-appetite-save'));
    await waitFor(() =>
      expect(screen.getByTestId('panel-appetite-status').textContent).toContain('✓ Within appetite'),
    );
    expect(screen.getByTestId('panel-appetite-status').textContent).toContain('(this risk’s own level)');
    expect(screen.getByTestId('panel-appetite-reason').textContent).toBe('Own level because: Statutory duty');
    const sr5 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR5');
    expect(sr5?.appetiteOverride).toMatchObject({ level: 'eager', reason: 'Statutory duty' });
    const h = (await backend.call('risks:history', { id: sr5?.id ?? '' })).filter(
      (e) => e.field === 'appetiteOverride',
    );
    expect(h).toHaveLength(1);
  });

  it('the panel shows cause, event and effect as one sentence when all three are given', async () => {
    const backend = await renderApp({ start: 'sample' });
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    await backend.call('risks:update', {
      id: sr4.id,
      version: sr4.version,
      changes: { cause: 'rising demand', event: 'the budget is overspent.', effect: 'cuts to services' },
    });
    backend.emit('register-changed', null);
    const table = await screen.findByTestId('risk-table');
    await userEvent.click(within(table).getByText('SR4'));
    expect((await screen.findByTestId('cause-event-effect')).textContent).toBe(
      'Because of rising demand, there is a risk that the budget is overspent, resulting in cuts to services.',
    );
  });
});
