import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { renderApp, rgb } from '../render-app.tsx';

describe('the dashboard’s empty figures (issue 12, smaller items)', () => {
  it('shows a band that counts nothing quietly — a stripe of its colour, never a red "0" tile', async () => {
    await renderApp({ start: 'sample' });
    await userEvent.click(await screen.findByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    const tiles = [...document.querySelectorAll<HTMLElement>('.lh-tile')];
    const bandTiles = tiles.filter((t) => LGA_KEY.some((b) => t.textContent?.endsWith(b.name)));
    const empty = bandTiles.filter((t) => t.dataset.value === '0');
    const full = bandTiles.filter((t) => Number(t.dataset.value) > 0);
    // The LGA sample has bands that count nothing (no Green current score) and bands that do.
    expect(empty.length).toBeGreaterThan(0);
    expect(full.length).toBeGreaterThan(0);
    for (const t of empty) {
      const band = LGA_KEY.find((b) => t.textContent?.endsWith(b.name));
      expect(t.classList.contains('lh-tile-empty')).toBe(true);
      expect(t.style.backgroundColor).not.toBe(rgb(band?.colour ?? '#000000'));
      expect(t.style.boxShadow).toContain('inset');
    }
    for (const t of full) {
      const band = LGA_KEY.find((b) => t.textContent?.endsWith(b.name));
      expect(t.style.backgroundColor).toBe(rgb(band?.colour ?? '#000000'));
    }
  });
});
