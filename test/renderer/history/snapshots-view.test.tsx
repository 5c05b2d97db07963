import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';
import { riskByRef } from './helpers.ts';

describe('the snapshots view', () => {
  it('takes a named snapshot and compares it with now: band up, band down, score and owner changes, new and closed', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('nav-snapshots'));
    expect(await screen.findByText(/No snapshots yet/)).toBeTruthy();
    await userEvent.type(screen.getByTestId('snapshot-name'), 'Q4 2018/19');
    await userEvent.click(screen.getByTestId('snapshot-take'));
    const row = await screen.findByTestId('snapshot-Q4 2018/19');
    expect(within(row).getAllByRole('cell')[3]?.textContent).toBe('19');

    // A quarter's changes: SR15 up to Red, SR4 down to Yellow, SR1 within its band, SR2 gets a new owner.
    const score = async (ref: string, impact: 1 | 2 | 3 | 4 | 5, likelihood: 1 | 2 | 3 | 4 | 5) => {
      const r = await riskByRef(backend, ref);
      await backend.call('risks:update-score', {
        id: r.id,
        version: r.version,
        which: 'current',
        impact,
        likelihood,
      });
    };
    await score('SR15', 4, 4);
    await score('SR4', 2, 3);
    const sr1 = await riskByRef(backend, 'SR1');
    const sr2 = await riskByRef(backend, 'SR2');
    await backend.call('risks:update', { id: sr2.id, version: sr2.version, changes: { owners: ['VV'] } });
    await backend.call('risks:create', {
      ref: 'SR20',
      category: sr1.category,
      description: 'Cyber attack on council systems',
      impact: 5,
      likelihood: 3,
    });

    expect(screen.getByTestId('compare-to')).toHaveProperty('value', 'now');
    await userEvent.click(screen.getByTestId('compare-run'));
    const summary = await screen.findByTestId('comparison-summary');
    expect(summary.textContent).toBe(
      'From Q4 2018/19 to now: 1 new, 0 closed, 1 up a band, 1 down a band, 2 score changes, 1 owner change, 16 unchanged.',
    );
    expect(screen.getByTestId('compare-band-up-SR15').textContent).toBe(
      '▲ SR15 up from 3 Green to 16 Red · ' + (await riskByRef(backend, 'SR15')).description,
    );
    expect(screen.getByTestId('compare-band-down-SR4').textContent).toMatch(
      /^▼ SR4 down from 15 Amber to 6 Yellow · /,
    );
    expect(screen.getByTestId('compare-new').textContent).toContain('SR20');
    expect(screen.getByTestId('compare-new').textContent).toContain('15 Amber');
    expect(screen.getByTestId('compare-owners').textContent).toContain(`SR2 ${sr2.owners.join(' ')} → VV`);
  });
});
