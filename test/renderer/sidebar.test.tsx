import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app.tsx';

describe('the sidebar', () => {
  it('lists the views first, then the settings in their own list under a "Settings" heading', async () => {
    await renderApp({ start: 'sample' });
    const nav = await screen.findByRole('navigation', { name: 'Views' });
    const lists = within(nav).getAllByRole('list');
    const settings = within(nav).getByRole('list', { name: 'Settings' });
    expect(within(nav).getByRole('heading', { name: 'Settings' })).toBeTruthy();
    const names = (list: HTMLElement) =>
      within(list)
        .getAllByRole('button')
        .map((b) => b.getAttribute('data-testid'));
    const views = names(lists[0] as HTMLElement);
    expect(views.slice(0, 6)).toEqual([
      'nav-register',
      'nav-heatmap',
      'nav-dashboard',
      'nav-reviews',
      'nav-audit',
      'nav-snapshots',
    ]);
    expect(views).toContain('nav-controls');
    expect(names(settings)).toEqual([
      'nav-categories',
      'nav-band-key',
      'nav-your-name',
      'nav-scoring-criteria',
      'nav-board-settings',
      'nav-risk-appetite',
      'nav-escalation-rules',
    ]);
    // Appetite has one place in Settings: "Band key" holds the bands, "Risk appetite" everything about appetite.
    const labels = within(settings)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(labels.filter((l) => /appetite/i.test(l ?? ''))).toEqual(['Risk appetite']);
    expect(labels).toContain('Band key');
    // No settings among the views, and no "Settings ›" prefix inside the group (the heading says it).
    expect(views.some((v) => (names(settings) as (string | null)[]).includes(v))).toBe(false);
    expect(within(settings).queryByText(/Settings ›/)).toBeNull();
    // Keyboard: the group's buttons are ordinary Tab stops after the views, and open their view.
    const criteria = within(settings).getByRole('button', { name: 'Scoring criteria' });
    criteria.focus();
    await userEvent.keyboard('{Enter}');
    expect(criteria.getAttribute('aria-current')).toBe('page');
  });
});
