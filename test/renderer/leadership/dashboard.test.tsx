import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

async function risk(backend: Backend, ref: string) {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

async function changed(backend: Backend): Promise<void> {
  await act(async () => {
    backend.emit('register-changed', null);
    await new Promise((ok) => setTimeout(ok, 50));
  });
}

async function showDashboard(): Promise<HTMLElement> {
  await userEvent.click(screen.getByTestId('nav-dashboard'));
  return screen.findByTestId('dashboard');
}

const value = (id: string) => screen.getByTestId(`figure-${id}`).dataset.value;

function listedRefs(): string[] {
  return within(screen.getByTestId('figure-risk-list'))
    .getAllByTestId(/^list-row-/)
    .map((r) => (r.dataset.testid ?? '').replace('list-row-', ''));
}

describe('the dashboard', () => {
  it('counts the risks in each band, current and target, and lists those behind a figure', async () => {
    const backend = await renderApp();
    const all = await backend.call('risks:list', {});
    // Worked out here from the scores, not from the app's key code: LGA bands 1–5, 6–10, 11–15, 16–25.
    const inRange = (lo: number, hi: number) =>
      all.filter(
        (r) => (r.impact ?? 0) * (r.likelihood ?? 0) >= lo && (r.impact ?? 0) * (r.likelihood ?? 0) <= hi,
      );
    const sr4 = await risk(backend, 'SR4');
    await backend.call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'target',
      impact: 2,
      likelihood: 2,
    });
    await changed(backend);
    await showDashboard();

    expect(value('current-Green')).toBe(String(inRange(1, 5).length));
    expect(value('current-Yellow')).toBe(String(inRange(6, 10).length));
    expect(value('current-Amber')).toBe(String(inRange(11, 15).length));
    expect(value('current-Red')).toBe(String(inRange(16, 25).length));
    expect(Number(value('current-Amber'))).toBeGreaterThanOrEqual(6);
    expect(value('target-Green')).toBe('1');
    expect(value('target-Amber')).toBe('0');
    expect(screen.getByTestId('no-target').textContent).toBe('18 risks without a target score');

    await userEvent.click(screen.getByTestId('figure-current-Amber'));
    expect(listedRefs()).toEqual(inRange(11, 15).map((r) => r.ref));
    await userEvent.click(
      within(screen.getByTestId('figure-risk-list')).getByRole('button', { name: 'SR12' }),
    );
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR12');
  });

  it('shows risks above appetite, overdue actions, a band that rose, and time in a high band', async () => {
    const backend = await renderApp();
    const all = await backend.call('risks:list', {});
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('categories:set-appetite', { id: reputation.id, appetite: 12 });
    const sr7 = await risk(backend, 'SR7');
    await backend.call('actions:create', { riskId: sr7.id, text: 'Brief the board', dueDate: '2020-01-31' });
    await backend.call('actions:create', { riskId: sr7.id, text: 'Write to members', dueDate: '2020-02-28' });
    await backend.call('actions:create', { riskId: sr7.id, text: 'Later', dueDate: '2099-01-01' });
    const sr15 = await risk(backend, 'SR15');
    await backend.call('risks:update-score', {
      id: sr15.id,
      version: sr15.version,
      which: 'current',
      impact: 3,
      likelihood: 3,
    });
    let sr4 = await risk(backend, 'SR4');
    await backend.call('reviews:record', { id: sr4.id, version: sr4.version, note: 'Still high' });
    sr4 = await risk(backend, 'SR4');
    await backend.call('reviews:record', { id: sr4.id, version: sr4.version, note: 'No change' });
    await changed(backend);
    await showDashboard();

    const above = all
      .filter((r) => r.category === 'Reputation' && (r.impact ?? 0) * (r.likelihood ?? 0) > 12)
      .map((r) => r.ref);
    expect(above.length).toBeGreaterThan(0);
    expect(value('outside-appetite')).toBe(String(above.length));
    await userEvent.click(screen.getByTestId('figure-outside-appetite'));
    expect(listedRefs()).toEqual(above);
    expect(screen.getByTestId('list-row-SR5').textContent).toContain(
      '15 is above the Reputation tolerance of 12',
    );

    expect(value('actions-overdue')).toBe('2');
    expect(screen.getByTestId('figure-actions-overdue').textContent).toBe('2Actions overdue');
    await userEvent.click(screen.getByTestId('figure-actions-overdue'));
    expect(listedRefs()).toEqual(['SR7']);
    expect(screen.getByTestId('list-row-SR7').textContent).toContain('2 actions overdue');

    expect(value('band-rose')).toBe('1');
    await userEvent.click(screen.getByTestId('figure-band-rose'));
    expect(listedRefs()).toEqual(['SR15']);
    expect(screen.getByTestId('list-row-SR15').textContent).toContain('up from 3 Green to 9 Yellow');

    expect(screen.getByTestId('figure-time-in-band').textContent).toContain(
      'Red or Amber for two or more reviews',
    );
    expect(value('time-in-band')).toBe('1');
    await userEvent.click(screen.getByTestId('figure-time-in-band'));
    expect(listedRefs()).toEqual(['SR4']);
    expect(screen.getByTestId('list-row-SR4').textContent).toMatch(/Amber for \d+ days? \(2 reviews\)/);

    expect(value('reviews-overdue')).toBe('0');
  });

  it('counts reviews overdue by the register’s clock', async () => {
    // The register is made today; two years on, every quarterly review is overdue.
    let today = new Date();
    const backend = await renderApp({ now: () => today });
    today = new Date(today.getFullYear() + 2, today.getMonth(), today.getDate());
    await changed(backend);
    await showDashboard();
    expect(value('reviews-overdue')).toBe('19');
    await userEvent.selectOptions(screen.getByTestId('filter-category'), 'Reputation');
    expect(Number(value('reviews-overdue'))).toBe(7);
  });
});
