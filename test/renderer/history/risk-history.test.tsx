import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { renderApp } from '../render-app.tsx';
import { movableClock } from './clock.ts';

async function open(ref: string) {
  await userEvent.click(screen.getByTestId(`risk-row-${ref}`));
  expect(screen.getByTestId('panel-ref').textContent).toBe(ref);
}

describe('the risk history section', () => {
  it('says a review is overdue, records a review with a new score and shows it in the timeline and chart', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const backend = await renderApp({ now: clock.now });
    // Four months on: the quarterly review set on 15/01/2026 fell due on 15/04/2026.
    clock.set('2026-05-20T09:00:00Z');
    backend.emit('register-changed', null);
    // Travel shows by default; time in band and next review are offered in the column chooser.
    await userEvent.click(screen.getByTestId('columns-menu'));
    await userEvent.click(screen.getByTestId('column-timeInBand'));
    await userEvent.click(screen.getByTestId('column-nextReview'));
    await userEvent.click(screen.getByTestId('columns-menu'));
    const nextReview = () =>
      screen.getByTestId('risk-row-SR15').querySelector('td[data-col="nextReview"]')?.textContent;
    await waitFor(() => expect(nextReview()).toBe('Overdue 15/04/2026'));
    await open('SR15');
    const status = await screen.findByTestId('review-status');
    await waitFor(() => expect(status.textContent).toBe('Overdue by 35 days (was due 15/04/2026)'));
    expect(status.getAttribute('data-status')).toBe('overdue');
    expect(screen.getByTestId('review-cycle')).toHaveProperty('value', 'quarterly');
    expect(screen.getByTestId('panel-travel').textContent).toBe(
      '▶ unchanged at 3 Green · Green for 125 days',
    );

    await userEvent.click(screen.getByTestId('review-open'));
    await userEvent.selectOptions(screen.getByTestId('review-likelihood'), '3');
    expect(screen.getByTestId('review-form').textContent).toContain('Score will become 9 Yellow');
    await userEvent.type(screen.getByTestId('review-note'), 'Budget pressure since the spring');
    await userEvent.click(screen.getByTestId('review-save'));

    await waitFor(() =>
      expect(screen.getByTestId('review-status').textContent).toBe('Next review 20/08/2026'),
    );
    expect(screen.getByTestId('panel-travel').textContent).toContain('▲ up from 3 Green');
    // The table's travel and time-in-band columns say the same.
    const row = screen.getByTestId('risk-row-SR15');
    await waitFor(() =>
      expect(row.querySelector('td[data-col="travel"]')?.textContent).toBe('▲up from 3 Green'),
    );
    expect(row.querySelector('td[data-col="timeInBand"]')?.textContent).toBe('Yellow for 1 review');
    expect(nextReview()).toBe('20/08/2026');
    expect(screen.getByTestId('risk-row-SR4').querySelector('td[data-col="travel"]')?.textContent).toBe(
      '▶unchanged at 15 Amber',
    );
    const entries = within(screen.getByTestId('timeline')).getAllByTestId('timeline-entry');
    const texts = entries.map((e) => e.textContent);
    expect(texts[0]).toContain('Reviewed, score changed');
    expect(texts[0]).toContain('3 × 3 = 9 Yellow; next review 20/08/2026');
    expect(texts[0]).toContain('Test User');
    expect(texts[0]).toContain('Why: Budget pressure since the spring');
    expect(texts[1]).toContain('Current score: 3 × 1 = 3 Green → 3 × 3 = 9 Yellow');
    expect(texts[texts.length - 1]).toMatch(/^15\/01\/2026/);

    const points = screen.getAllByTestId('chart-point').map((p) => p.getAttribute('data-score'));
    expect(points).toEqual(['3', '9', '9']);
    const bands = [...screen.getByTestId('score-chart').querySelectorAll('rect')];
    expect(bands.map((r) => r.getAttribute('fill'))).toEqual(LGA_KEY.map((b) => b.colour));

    const sr15 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR15');
    expect(sr15).toMatchObject({ impact: 3, likelihood: 3 });
    expect((await backend.call('reviews:list', { id: sr15?.id ?? '' }))[0]?.note).toBe(
      'Budget pressure since the spring',
    );
  });

  it('changes the review cycle, moving the next review date', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    await renderApp({ now: clock.now });
    await open('SR4');
    await waitFor(() =>
      expect(screen.getByTestId('review-status').textContent).toBe('Next review 15/04/2026'),
    );
    await userEvent.selectOptions(screen.getByTestId('review-cycle'), 'monthly');
    await waitFor(() =>
      expect(screen.getByTestId('review-status').textContent).toBe('Next review 15/02/2026'),
    );
    await waitFor(() => {
      const texts = within(screen.getByTestId('timeline'))
        .getAllByTestId('timeline-entry')
        .map((e) => e.textContent);
      expect(texts).toContainEqual(expect.stringContaining('Review cycle: Quarterly → Monthly'));
      expect(texts).toContainEqual(expect.stringContaining('Next review: 15/04/2026 → 15/02/2026'));
    });
  });
});
