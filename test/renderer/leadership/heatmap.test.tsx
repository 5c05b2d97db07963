import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { Backend } from '../backend.ts';
import { renderApp, rgb } from '../render-app.tsx';

async function showHeatmap(): Promise<void> {
  await userEvent.click(screen.getByTestId('nav-heatmap'));
  await screen.findByTestId('heatmap-view');
}

/** The refs shown in a cell, in order. */
function refsIn(cell: HTMLElement): string[] {
  return Array.from(cell.querySelectorAll<HTMLElement>('.heat-ref')).map((b) => b.textContent ?? '');
}

async function riskId(backend: Backend, ref: string): Promise<{ id: string; version: number }> {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return { id: r.id, version: r.version };
}

/** Tell the window the register changed, as the shell does after a write elsewhere. */
async function changed(backend: Backend): Promise<void> {
  await act(async () => {
    backend.emit('register-changed', null);
    await new Promise((ok) => setTimeout(ok, 50));
  });
}

describe('the heatmap', () => {
  it('puts each risk in its impact × likelihood cell, with band colour, band name, count and refs', async () => {
    await renderApp();
    await showHeatmap();
    const amber = screen.getByTestId('heat-cell-i5-l3');
    // SR4, SR5, SR8, SR11 and SR18 are 5 × 3 in the sample.
    expect(amber.dataset.count).toBe('5');
    expect(within(amber).getByTestId('heat-count').textContent).toBe('5');
    expect(amber.textContent).toContain('15 Amber');
    expect(refsIn(amber)).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18']);
    expect(amber.style.backgroundColor).toBe(rgb(LGA_KEY[2]?.colour ?? ''));

    const green = screen.getByTestId('heat-cell-i3-l1');
    expect(green.dataset.count).toBe('1');
    expect(green.textContent).toContain('3 Green');
    expect(refsIn(green)).toEqual(['SR15']);

    const empty = screen.getByTestId('heat-cell-i5-l5');
    expect(empty.dataset.count).toBe('0');
    expect(empty.textContent).toBe('25 Red');

    const total = screen.getAllByTestId(/^heat-cell-/).reduce((n, c) => n + Number(c.dataset.count), 0);
    expect(total).toBe(19);
  });

  it('labels both axes with numbers and words', async () => {
    await renderApp();
    await showHeatmap();
    const map = screen.getByTestId('heatmap');
    const rowHeads = within(map)
      .getAllByRole('rowheader')
      .map((h) => h.textContent);
    expect(rowHeads).toEqual(['Impact', '5 Severe', '4 Major', '3 Moderate', '2 Minor', '1 Negligible']);
    const colHeads = within(map)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(colHeads).toEqual([
      '1 Rare',
      '2 Unlikely',
      '3 Possible',
      '4 Likely',
      '5 Almost certain',
      'Likelihood',
    ]);
  });

  it('opens a risk in the panel when its ref is clicked', async () => {
    await renderApp();
    await showHeatmap();
    await userEvent.click(
      within(screen.getByTestId('heat-cell-i3-l1')).getByRole('button', { name: 'SR15' }),
    );
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR15');
  });

  it('lists a cell’s risks on click or Enter, and opens one from the list', async () => {
    await renderApp();
    await showHeatmap();
    expect(screen.queryByTestId('cell-risks')).toBeNull();
    await userEvent.click(screen.getByTestId('heat-cell-i4-l2'));
    const list = screen.getByTestId('cell-risks');
    expect(list.textContent).toContain('Impact 4 Major × likelihood 2 Unlikely · 8 Yellow · 6 risks');
    const rows = within(list)
      .getAllByTestId(/^list-row-/)
      .map((r) => r.dataset.testid);
    expect(rows).toEqual(['SR1', 'SR2', 'SR7', 'SR9', 'SR14', 'SR19'].map((r) => `list-row-${r}`));

    // Keyboard: the count is a button; Enter on another cell's count lists that cell instead.
    within(screen.getByTestId('heat-cell-i5-l3')).getByTestId('heat-count').focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('cell-risks').textContent).toContain('15 Amber · 5 risks');

    await userEvent.click(within(screen.getByTestId('cell-risk-list')).getByRole('button', { name: 'SR8' }));
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR8');
  });

  it('collapses a crowded cell to its count, with the refs in the list', async () => {
    const backend = await renderApp();
    for (const n of [1, 2]) {
      await backend.call('risks:create', {
        category: 'Organisation',
        description: `Extra risk ${n}`,
        impact: 5,
        likelihood: 3,
      });
    }
    await changed(backend);
    await showHeatmap();
    const amber = screen.getByTestId('heat-cell-i5-l3');
    expect(amber.dataset.count).toBe('7');
    expect(refsIn(amber)).toEqual([]);
    expect(amber.textContent).toContain('7 risks: press to list');
    await userEvent.click(within(amber).getByTestId('heat-count'));
    expect(within(screen.getByTestId('cell-risk-list')).getAllByTestId(/^list-row-/)).toHaveLength(7);
  });

  it('filters by category and owner', async () => {
    await renderApp();
    await showHeatmap();
    await userEvent.selectOptions(screen.getByTestId('filter-category'), 'Reputation');
    expect(refsIn(screen.getByTestId('heat-cell-i5-l3'))).toEqual(['SR5', 'SR8', 'SR11']);
    const total = () => screen.getAllByTestId(/^heat-cell-/).reduce((n, c) => n + Number(c.dataset.count), 0);
    expect(total()).toBe(7);
    await userEvent.selectOptions(screen.getByTestId('filter-category'), '');
    await userEvent.selectOptions(screen.getByTestId('filter-owner'), 'SP');
    const all = screen.getAllByTestId(/^heat-cell-/).flatMap(refsIn);
    expect(all).toContain('SR1');
    expect(all.length).toBe(total());
    expect(total()).toBeLessThan(19);
  });

  it('switches between inherent, current and target scores', async () => {
    const backend = await renderApp();
    const sr4 = await riskId(backend, 'SR4');
    await backend.call('risks:update-score', { ...sr4, which: 'target', impact: 3, likelihood: 2 });
    await changed(backend);
    await showHeatmap();
    await userEvent.click(screen.getByTestId('kind-target'));
    expect(screen.getByTestId('heatmap').dataset.kind).toBe('target');
    expect(refsIn(screen.getByTestId('heat-cell-i3-l2'))).toEqual(['SR4']);
    expect(screen.getByTestId('heat-cell-i5-l3').dataset.count).toBe('0');
    expect(screen.getByTestId('unscored').textContent).toMatch(
      /^18 risks without a target score are not shown/,
    );
    await userEvent.click(screen.getByTestId('kind-current'));
    expect(screen.getByTestId('heat-cell-i5-l3').dataset.count).toBe('5');
  });

  it('marks risks outside their appetite tolerance with ◆ and words', async () => {
    const backend = await renderApp();
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('categories:set-appetite', { id: reputation.id, appetite: 12 });
    await changed(backend);
    await showHeatmap();
    const amber = screen.getByTestId('heat-cell-i5-l3');
    const outside = Array.from(amber.querySelectorAll<HTMLElement>('[data-outside="true"]')).map((b) =>
      b.getAttribute('aria-label'),
    );
    expect(outside).toEqual(['SR5, outside tolerance', 'SR8, outside tolerance', 'SR11, outside tolerance']);
    expect(within(amber).getByTestId('heat-ref-SR5').textContent).toBe('SR5◆');
    expect(within(amber).getByTestId('heat-ref-SR4').textContent).toBe('SR4');
  });

  it('shows what moved since the previous review, in words as well as tracks', async () => {
    const backend = await renderApp();
    const sr4 = await riskId(backend, 'SR4');
    await backend.call('risks:update-score', { ...sr4, which: 'current', impact: 5, likelihood: 4 });
    const sr15 = await riskId(backend, 'SR15');
    await backend.call('risks:update-score', { ...sr15, which: 'current', impact: 3, likelihood: 3 });
    await changed(backend);
    await showHeatmap();
    expect(screen.queryByTestId('movement-list')).toBeNull();
    await userEvent.selectOptions(screen.getByTestId('movement-against'), 'review');
    const list = await screen.findByTestId('movement-list');
    expect(list.textContent).toContain('What moved since the previous review · 2 risks');
    const items = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['↑ SR4 up from 15 Amber to 20 Red', '↑ SR15 up from 3 Green to 9 Yellow']);
    expect(screen.getByTestId('heat-cell-i5-l3').classList.contains('track-origin')).toBe(true);
  });

  it('shows what moved since a snapshot', async () => {
    const backend = await renderApp();
    await backend.call('snapshots:take', { name: 'Q4 2018/19' });
    const sr4 = await riskId(backend, 'SR4');
    await backend.call('risks:update-score', { ...sr4, which: 'current', impact: 5, likelihood: 4 });
    const sr12 = await riskId(backend, 'SR12');
    await backend.call('risks:update-score', { ...sr12, which: 'current', impact: 2, likelihood: 3 });
    await changed(backend);
    await showHeatmap();
    const against = screen.getByTestId('movement-against');
    const option = within(against).getByRole('option', {
      name: /^Snapshot: Q4 2018\/19 \(\d\d\/\d\d\/\d{4}\)$/,
    });
    await userEvent.selectOptions(against, option);
    const list = await screen.findByTestId('movement-list');
    expect(list.textContent).toContain('What moved since the snapshot “Q4 2018/19” · 2 risks');
    await expect
      .poll(() =>
        within(list)
          .queryAllByRole('listitem')
          .map((li) => li.textContent),
      )
      .toEqual(['↑ SR4 up from 15 Amber to 20 Red', '↓ SR12 down from 12 Amber to 6 Yellow']);
  });

  it('presents the heatmap over the whole window; a ref lists its cell there; Esc leaves', async () => {
    await renderApp();
    await showHeatmap();
    await userEvent.click(screen.getByTestId('present-toggle'));
    const shown = screen.getByTestId('presentation');
    expect(shown.textContent).toContain('LGA Strategic Risk Register · Heatmap, current scores');
    expect(document.activeElement).toBe(shown);
    await userEvent.click(within(shown).getByTestId('heat-ref-SR8'));
    const list = within(shown).getByTestId('cell-risks');
    expect(list.textContent).toContain('15 Amber · 5 risks');
    expect(within(list).getByTestId('list-row-SR8').className).toBe('selected');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('presentation')).toBeNull();
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR8');
  });
});
