import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { renderApp, rgb } from './render-app.tsx';

describe('the heatmap', () => {
  it('puts each risk in its impact × likelihood cell, with band colour, band name, count and refs', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('nav-heatmap'));
    const amber = screen.getByTestId('heat-cell-i5-l3');
    // SR4, SR5, SR8, SR11 and SR18 are 5 × 3 in the sample.
    expect(amber.dataset.count).toBe('5');
    expect(within(amber).getByTestId('heat-count').textContent).toBe('5');
    expect(amber.textContent).toContain('15 Amber');
    expect(
      within(amber)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18']);
    expect(amber.style.backgroundColor).toBe(rgb(LGA_KEY[2]?.colour ?? ''));

    const green = screen.getByTestId('heat-cell-i3-l1');
    expect(green.dataset.count).toBe('1');
    expect(green.textContent).toContain('3 Green');
    expect(green.textContent).toContain('SR15');

    const empty = screen.getByTestId('heat-cell-i5-l5');
    expect(empty.dataset.count).toBe('0');
    expect(empty.textContent).toBe('25 Red');

    const total = screen.getAllByTestId(/^heat-cell-/).reduce((n, c) => n + Number(c.dataset.count), 0);
    expect(total).toBe(19);
  });

  it('labels both axes with numbers and words', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('nav-heatmap'));
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
    await userEvent.click(screen.getByTestId('nav-heatmap'));
    await userEvent.click(
      within(screen.getByTestId('heat-cell-i3-l1')).getByRole('button', { name: 'SR15' }),
    );
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR15');
  });
});
