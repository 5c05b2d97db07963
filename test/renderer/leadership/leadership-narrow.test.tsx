/**
 * The heatmap and the dashboard read only what they draw: `risks:travel` narrowed to the risks that moved or sit long
 * in a top band (`only`), and `reviews:due { limit: 0 }` for the day (each overdue review worked out from the risks
 * the window holds) — never the whole register's travel or every overdue review. What they draw must be what they
 * drew from the whole answers: the expected moves, figures and notes below are worked out from `risks:travel {}` and
 * `reviews:due {}` (the whole answers the view used to ask for), on the real handler table, after reviews with and
 * without a new score, a score edit, a risk reviewed in Red and Amber twice, an archived risk that had moved, a risk
 * created after a snapshot, overdue reviews; with no filter and with a category filter; against the previous review
 * and against a snapshot.
 */
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { dashboard, movesSinceReview } from '../../../renderer/leadership/model.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { DIRECTION_ARROWS } from '../../../shared/travel.ts';
import { logCalls, registerChanged, renderApp } from '../render-app.tsx';

/** The open figure's rows as "REF|why". */
const listed = () =>
  within(screen.getByTestId('figure-risks'))
    .queryAllByTestId(/^list-row-/)
    .map(
      (r) => `${(r.dataset.testid ?? '').replace('list-row-', '')}|${r.lastElementChild?.textContent ?? ''}`,
    );

describe('the leadership views read only what they draw', () => {
  it('draw from the narrowed answers exactly what the whole answers gave', async () => {
    let now = new Date('2026-01-15T10:00:00Z');
    const backend = await renderApp({ now: () => new Date(now) });
    const byRef = async (ref: string) => {
      const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
      if (!r) throw new Error(ref);
      return r;
    };
    const review = async (ref: string, impact?: ScoreValue, likelihood?: ScoreValue) => {
      const r = await byRef(ref);
      await backend.call('reviews:record', {
        id: r.id,
        version: r.version,
        note: 'Review',
        ...(impact && likelihood ? { impact, likelihood } : {}),
      });
    };
    const snapshot = await backend.call('snapshots:take', { name: 'Q4' });
    now = new Date('2026-02-10T10:00:00Z');
    for (const ref of ['SR1', 'SR5', 'SR7', 'SR9']) await review(ref);
    now = new Date('2026-03-10T10:00:00Z');
    for (const ref of ['SR1', 'SR5', 'SR7']) await review(ref);
    now = new Date('2026-04-20T09:00:00Z');
    await review('SR4', 5, 4);
    await review('SR15', 3, 3);
    await review('SR12', 3, 2);
    await review('SR2', 1, 1);
    const sr6 = await byRef('SR6');
    await backend.call('risks:update-score', { id: sr6.id, version: sr6.version, impact: 2, likelihood: 2 });
    await review('SR3', 5, 5);
    const sr3 = await byRef('SR3');
    await backend.call('risks:archive', { id: sr3.id, version: sr3.version });
    const fin = (await backend.call('categories:list', {}))[0];
    if (!fin) throw new Error('no category');
    await backend.call('risks:create', {
      category: fin.name,
      description: 'Created after the snapshot',
      impact: 4,
      likelihood: 4,
      mitigation: '',
      owners: ['AB'],
    });
    const sr10 = await byRef('SR10');
    await backend.call('reviews:set-cycle', {
      id: sr10.id,
      version: sr10.version,
      cycle: 'quarterly',
      nextReview: '2026-03-01',
      reason: 'Moved by hand',
    });
    now = new Date('2026-06-20T09:00:00Z');

    const log = logCalls();
    await registerChanged(backend);
    await userEvent.click(screen.getByTestId('nav-heatmap'));
    await screen.findByTestId('heatmap-view');
    await userEvent.selectOptions(screen.getByTestId('movement-against'), 'review');
    await registerChanged(backend);

    // The whole answers, as the view used to ask for them.
    const whole = await backend.call('risks:travel', { against: 'review' });
    const due = await backend.call('reviews:due', {});
    const live = await backend.call('risks:list', {});
    const key = (await backend.call('register:status', {}))?.settings.key;
    if (!key) throw new Error('no key');
    expect(whole.length).toBe(live.length);

    const moves = movesSinceReview(whole, live, key);
    expect(moves.map((m) => m.ref)).toEqual(['SR2', 'SR4', 'SR6', 'SR12', 'SR15']);
    const drawn = within(screen.getByTestId('moves-list'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(drawn).toEqual(moves.map((m) => `${DIRECTION_ARROWS[m.direction]} ${m.text}`));
    expect(screen.getByTestId('track-lines').querySelectorAll('path.track-line')).toHaveLength(moves.length);

    // Against a snapshot the heatmap reads the comparison, as before (and no travel of the whole register).
    await userEvent.selectOptions(screen.getByTestId('movement-against'), snapshot.id);
    const compared = await backend.call('snapshots:compare', { from: snapshot.id, to: 'now' });
    await screen.findByText(/What moved since/);
    const sinceSnapshot = within(screen.getByTestId('moves-list'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(sinceSnapshot.length).toBe(compared.scoreChanges.filter((c) => c.ref !== 'SR3').length);

    await userEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    for (const category of [null, 'Reputation', 'Effectiveness']) {
      if (category) await userEvent.selectOptions(screen.getByTestId('filter-category'), category);
      const risks = category ? live.filter((r) => r.category === category) : live;
      const ids = new Set(risks.map((r) => r.id));
      // The old dashboard: the whole travel and every overdue review, filtered to the risks shown.
      const old = dashboard({
        risks,
        key,
        categories: [],
        travel: whole,
        reviewsAsOf: null,
        overdueActions: [],
      });
      const overdue = due.overdue.filter((s) => ids.has(s.riskId));
      const figures: [string, string[]][] = [
        [
          'reviews-overdue',
          overdue
            .sort(
              (a, b) => live.findIndex((r) => r.id === a.riskId) - live.findIndex((r) => r.id === b.riskId),
            )
            .map((s) => `${s.ref}|review ${s.daysOverdue === 1 ? '1 day' : `${s.daysOverdue} days`} overdue`),
        ],
        ...(['band-rose', 'time-in-band'] as const).map((id): [string, string[]] => {
          const fig = old.attention.find((a) => a.id === id);
          if (!fig) throw new Error(id);
          return [id, fig.risks.map((r) => `${r.ref}|${fig.notes?.get(r.id) ?? ''}`)];
        }),
      ];
      for (const [id, rows] of figures) {
        expect([category, id, screen.getByTestId(`figure-${id}`).dataset.value]).toEqual([
          category,
          id,
          String(rows.length),
        ]);
        if (rows.length === 0) continue;
        await userEvent.click(screen.getByTestId(`figure-${id}`));
        expect(listed()).toEqual(rows);
        await userEvent.click(screen.getByTestId(`figure-${id}`));
      }
      if (!category) {
        expect(Number(screen.getByTestId('figure-reviews-overdue').dataset.value)).toBeGreaterThan(10);
        expect(screen.getByTestId('figure-band-rose').dataset.value).toBe('2');
        expect(screen.getByTestId('figure-time-in-band').dataset.value).not.toBe('0');
      }
    }

    // Never the whole register: every travel read is narrowed, every overdue-review read is the count alone.
    const travelReads = log.filter(([c]) => c === 'risks:travel').map(([, input]) => input);
    const dueReads = log.filter(([c]) => c === 'reviews:due').map(([, input]) => input);
    expect(travelReads.length).toBeGreaterThan(0);
    expect(dueReads.length).toBeGreaterThan(0);
    for (const input of travelReads) {
      const { only, ids } = input as { only?: unknown; ids?: unknown };
      expect({ input, narrowed: only !== undefined || ids !== undefined }).toEqual({ input, narrowed: true });
    }
    for (const input of dueReads) expect(input).toEqual({ limit: 0 });
  });
});
