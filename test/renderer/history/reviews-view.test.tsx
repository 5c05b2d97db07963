import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/App.tsx';
import { resetStores } from '../../../renderer/stores/reset.ts';
import { renderApp } from '../render-app.tsx';
import { movableClock } from './clock.ts';
import { riskByRef } from './helpers.ts';

describe('the reviews view', () => {
  it('lists overdue and due reviews with dates and days overdue, and a review clears the count', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const backend = await renderApp({ now: clock.now });
    // Nothing is overdue on the day the sample is loaded.
    expect(screen.queryByTestId('reviews-overdue-count')).toBeNull();
    const sr4 = await riskByRef(backend, 'SR4');
    await backend.call('reviews:set-cycle', { id: sr4.id, version: sr4.version, cycle: 'monthly' });
    clock.set('2026-04-10T09:00:00Z');
    // As the shell does after a change from elsewhere.
    backend.emit('register-changed', null);

    await userEvent.click(screen.getByTestId('nav-reviews'));
    expect(screen.getByTestId('view-title').textContent).toMatch(/^Reviews/);
    await waitFor(() =>
      expect(screen.getByTestId('reviews-summary').textContent).toBe(
        '1 overdue · 18 due by 30/04/2026 · as at 10/04/2026. Open a risk to record its review.',
      ),
    );
    const row = screen.getByTestId('reviews-overdue-SR4');
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toBe('SR4');
    expect(cells[1]).toBe(sr4.description);
    expect(cells[2]).toBe(sr4.owners.join(' '));
    expect(cells[3]).toBe('15/02/2026');
    expect(cells[4]).toBe('54 days');
    expect(cells[5]).toBe('Not yet');
    expect(within(screen.getByTestId('reviews-due')).getAllByRole('row')).toHaveLength(19);
    expect(screen.getByTestId('reviews-due-SR1').textContent).toContain('15/04/2026');
    await waitFor(() =>
      expect(screen.getByTestId('reviews-overdue-count').textContent).toBe('1 review overdue'),
    );

    // Open SR4 from the list and record its review.
    await userEvent.click(row);
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR4');
    await userEvent.click(await screen.findByTestId('review-open'));
    await userEvent.click(screen.getByTestId('review-save'));

    await waitFor(() => expect(screen.getByTestId('reviews-overdue-empty')).toBeTruthy());
    expect(screen.getByTestId('reviews-summary').textContent).toMatch(/^0 overdue · 18 due/);
    expect(screen.queryByTestId('reviews-overdue-count')).toBeNull();
    expect(screen.getByTestId('review-status').textContent).toBe('Next review 10/05/2026');
  });

  it('shows the overdue count on launch', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    // The register was set up in January; the window opens in June.
    await renderApp({ now: clock.now });
    expect(screen.queryByTestId('reviews-overdue-count')).toBeNull();
    cleanup();
    resetStores();
    clock.set('2026-06-01T09:00:00Z');
    render(<App />);
    await waitFor(() =>
      expect(screen.getByTestId('reviews-overdue-count').textContent).toBe('19 reviews overdue'),
    );
  });
});
