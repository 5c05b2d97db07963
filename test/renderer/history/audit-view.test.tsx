import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { renderApp } from '../render-app.tsx';
import { movableClock } from './clock.ts';
import { riskByRef } from './helpers.ts';

function rows() {
  return screen.queryAllByTestId('audit-row').map((r) =>
    within(r)
      .getAllByRole('cell')
      .map((c) => c.textContent),
  );
}

describe('the audit view', () => {
  it('lists changes across the register in words, filters by risk, field, date and person, and checks the chain', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const backend = await renderApp({ now: clock.now });
    clock.set('2026-03-02T11:30:00Z');
    const sr15 = await riskByRef(backend, 'SR15');
    await backend.call('risks:update-score', {
      id: sr15.id,
      version: sr15.version,
      which: 'current',
      impact: 3,
      likelihood: 3,
      reason: 'New contract terms',
    });
    const sr4 = await riskByRef(backend, 'SR4');
    await backend.call('risks:update', { id: sr4.id, version: sr4.version, changes: { owners: ['SP'] } });
    backend.emit('register-changed', null);
    const all = await backend.call('audit:list', { limit: 200, offset: 0 });

    await userEvent.click(screen.getByTestId('nav-audit'));
    const check = await screen.findByTestId('chain-check');
    expect(check.textContent).toBe(`✓ History intact: ${all.total} entries`);
    expect(check.getAttribute('data-ok')).toBe('true');
    await waitFor(() =>
      expect(screen.getByTestId('audit-count').textContent).toBe(
        all.total > 50
          ? `Showing 1–50 of ${all.total} changes, newest first`
          : `Showing 1–${all.total} of ${all.total} changes, newest first`,
      ),
    );
    // Newest first: the owners of SR4, then SR15's score with its reason.
    expect(rows()[0]).toEqual([
      '02/03/2026 11:30',
      'Test User',
      'SR4',
      'Owner(s)',
      `${sr4.owners.join(', ')} → SP`,
      '',
      'Undo',
    ]);
    expect(rows()[1]).toEqual([
      '02/03/2026 11:30',
      'Test User',
      'SR15',
      'Current score',
      '3 × 1 = 3 Green → 3 × 3 = 9 Yellow',
      'New contract terms',
      'Undo',
    ]);

    await userEvent.selectOptions(screen.getByTestId('audit-risk'), sr15.id);
    await waitFor(() => expect(rows().every((r) => r[2] === 'SR15')).toBe(true));
    expect(rows().length).toBeGreaterThan(1);
    await userEvent.selectOptions(screen.getByTestId('audit-field'), 'current');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId('audit-count').textContent).toBe('Showing 1–1 of 1 changes, newest first');

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rows()[0]?.[2]).toBe('SR4'));
    // Only January: the sample's own entries, none of March's changes.
    await userEvent.type(screen.getByTestId('audit-to'), '31/02/2026{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Write the date as dd/mm/yyyy, such as 31/03/2026.');
    await userEvent.clear(screen.getByTestId('audit-to'));
    await userEvent.type(screen.getByTestId('audit-to'), '31/01/2026{Enter}');
    await waitFor(() => expect(rows().some((r) => r[0]?.startsWith('02/03/2026'))).toBe(false));
    expect(rows().length).toBeGreaterThan(0);
    await userEvent.selectOptions(screen.getByTestId('audit-person'), 'Test User');
    expect(rows().every((r) => r[1] === 'Test User')).toBe(true);
  });

  it('shows a broken chain in red with the first broken entry', async () => {
    const backend = await renderApp();
    // What someone with an external SQLite tool could do: drop the guard, then change an entry.
    backend.session.db.exec('DROP TRIGGER history_no_update');
    backend.session.db.exec(`UPDATE history SET new_value = '"tampered"' WHERE seq = 3`);
    await userEvent.click(screen.getByTestId('nav-audit'));
    const check = await screen.findByTestId('chain-check');
    expect(check.getAttribute('data-ok')).toBe('false');
    expect(check.textContent).toMatch(/^✗ History broken at entry 3: /);
    expect(check.getAttribute('role')).toBe('alert');
  });

  it('pages through more than 50 changes and exports the filtered trail to CSV', async () => {
    let target = '';
    const backend = await renderApp({
      dialogs: { ...noDialogs, chooseExportPath: () => Promise.resolve(target) },
    });
    target = join(backend.dir, 'audit.csv');
    for (let i = 1; i <= 40; i++) {
      const sr1 = await riskByRef(backend, 'SR1');
      await backend.call('risks:update', {
        id: sr1.id,
        version: sr1.version,
        changes: { mitigation: `Check number ${i}` },
      });
    }
    backend.emit('register-changed', null);
    await userEvent.click(screen.getByTestId('nav-audit'));
    await waitFor(() =>
      expect(screen.getByTestId('audit-count').textContent).toBe('Showing 1–50 of 59 changes, newest first'),
    );
    expect(rows()).toHaveLength(50);
    expect(rows()[0]?.[4]).toBe('Check number 39 → Check number 40');
    await userEvent.click(screen.getByTestId('audit-next'));
    await waitFor(() =>
      expect(screen.getByTestId('audit-count').textContent).toBe('Showing 51–59 of 59 changes, newest first'),
    );
    expect(rows()).toHaveLength(9);
    expect(screen.getByTestId('audit-next')).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByTestId('audit-prev'));
    await waitFor(() => expect(rows()).toHaveLength(50));

    const sr1 = await riskByRef(backend, 'SR1');
    await userEvent.selectOptions(screen.getByTestId('audit-risk'), sr1.id);
    await waitFor(() =>
      expect(screen.getByTestId('audit-count').textContent).toBe('Showing 1–41 of 41 changes, newest first'),
    );
    await userEvent.click(screen.getByTestId('audit-export-csv'));
    expect((await screen.findByRole('status')).textContent).toBe(`Saved 41 entries to ${target}`);
    expect(existsSync(target)).toBe(true);
    const lines = readFileSync(target, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(42);
    expect(lines.slice(1).every((l) => l.includes('SR1'))).toBe(true);
  });
});
