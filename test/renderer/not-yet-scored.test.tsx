/** Issue 11 in the window: a risk not yet assessed and a risk title, against the real backend (jsdom). */
import { act, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.ts';
import { renderApp } from './render-app.tsx';

async function changed(backend: Backend): Promise<void> {
  await act(async () => {
    backend.emit('register-changed', null);
    await new Promise((ok) => setTimeout(ok, 50));
  });
}

function rowCell(ref: string, col: string): string {
  return (
    screen.getByTestId(`risk-row-${ref}`).querySelector(`td[data-col="${col}"]`)?.textContent ?? '(none)'
  );
}

describe('a risk not yet scored, and a title', () => {
  it('shows "Not yet scored" with no band colour, takes its first score from the pickers, and counts apart', async () => {
    const backend = await renderApp();
    await backend.call('risks:create', {
      ref: 'NEW1',
      title: 'Grant cliff edge',
      category: 'Finance',
      description: 'Published as 16 with no impact or likelihood',
      impact: null,
      likelihood: null,
    });
    await changed(backend);

    // The table: the title before the description, no score, "Not yet scored" as the band.
    expect(rowCell('NEW1', 'description')).toBe(
      'Grant cliff edge — Published as 16 with no impact or likelihood',
    );
    expect(rowCell('NEW1', 'band')).toBe('Not yet scored');
    expect(rowCell('NEW1', 'impact')).toBe('');
    const badge = screen.getByTestId('risk-row-NEW1').querySelector('[data-band]');
    expect(badge?.getAttribute('data-band')).toBe('none');
    expect((badge as HTMLElement | null)?.style.backgroundColor).toBe('');

    // The panel: title, badge, no picker pressed; one value waits for the other, then the first score is saved.
    await userEvent.click(screen.getByTestId('risk-row-NEW1'));
    expect(screen.getByTestId('panel-title').textContent).toBe('Grant cliff edge');
    expect(screen.getByTestId('score-outcome').textContent).toContain('Not yet scored');
    expect(screen.getByTestId('impact-4').getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(screen.getByTestId('impact-4'));
    let stored = (await backend.call('risks:list', {})).find((r) => r.ref === 'NEW1');
    expect(stored?.impact).toBeNull();
    await userEvent.click(screen.getByTestId('likelihood-4'));
    stored = (await backend.call('risks:list', {})).find((r) => r.ref === 'NEW1');
    expect([stored?.impact, stored?.likelihood]).toEqual([4, 4]);
    const history = await backend.call('risks:history', { id: stored?.id ?? '' });
    expect(history.find((h) => h.field === 'current')).toMatchObject({ oldValue: null });
  }, 60_000);

  it('is counted apart on the heatmap and the dashboard', async () => {
    const backend = await renderApp();
    for (const ref of ['NEW1', 'NEW2', 'NEW3']) {
      await backend.call('risks:create', {
        ref,
        category: 'Finance',
        description: `Unscored ${ref}`,
        impact: null,
        likelihood: null,
      });
    }
    await changed(backend);
    await userEvent.click(screen.getByTestId('nav-heatmap'));
    expect((await screen.findByTestId('unscored')).textContent).toContain(
      '3 risks not yet scored: not on the grid (NEW1, NEW2, NEW3)',
    );
    await userEvent.click(screen.getByTestId('nav-dashboard'));
    expect((await screen.findByTestId('not-scored')).textContent).toBe(
      '3 risks not yet scored (NEW1, NEW2, NEW3)',
    );
    const total = ['Green', 'Yellow', 'Amber', 'Red']
      .map((b) => Number(screen.getByTestId(`figure-current-${b}`).dataset.value))
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(19);
  }, 60_000);
});
