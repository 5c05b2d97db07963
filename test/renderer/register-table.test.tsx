import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { textColourOn } from '../../shared/colour.ts';
import { renderApp, rgb } from './render-app.tsx';

const band = (name: string) => {
  const b = LGA_KEY.find((x) => x.name === name);
  if (!b) throw new Error(`No band ${name}`);
  return b;
};

function cell(ref: string, col: string): HTMLElement {
  const row = screen.getByTestId(`risk-row-${ref}`);
  const td = row.querySelector<HTMLElement>(`td[data-col="${col}"]`);
  if (!td) throw new Error(`No ${col} cell in ${ref}`);
  return td;
}

describe('the register table', () => {
  it('shows the 19 sample risks with the published summary’s columns and a dated header', async () => {
    await renderApp();
    const table = screen.getByTestId('risk-table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Ref',
      'Category',
      'Description',
      'I',
      'L',
      'Score',
      'Band',
      'Travel',
      'Mitigation',
      'Owner(s)',
    ]);
    expect(within(table).getAllByRole('row')).toHaveLength(20);
    const today = new Date();
    const dd = String(today.getDate()).padStart(2, '0');
    const mm = String(today.getMonth() + 1).padStart(2, '0');
    expect(screen.getByTestId('view-title').textContent).toBe(
      `Register · 19 risks · as at ${dd}/${mm}/${today.getFullYear()}`,
    );
    expect(cell('SR12', 'owners').textContent).toBe('CH PAs HGOs');
    expect(cell('SR4', 'description').textContent).toMatch(/^The LGA fails to deliver effectively/);
  });

  it('shows each band by name and in the key’s colour, with legible text', async () => {
    await renderApp();
    for (const [ref, score, name] of [
      ['SR4', '15', 'Amber'],
      ['SR15', '3', 'Green'],
      ['SR1', '8', 'Yellow'],
    ] as const) {
      expect(cell(ref, 'score').textContent).toBe(score);
      const badge = cell(ref, 'band').querySelector<HTMLElement>('.band-badge');
      expect(badge?.textContent).toBe(name);
      expect(badge?.style.backgroundColor).toBe(rgb(band(name).colour));
      expect(badge?.style.color).toBe(rgb(textColourOn(band(name).colour)));
    }
  });

  it('prints the key under the table: score range, band and management action', async () => {
    await renderApp();
    const key = screen.getByTestId('band-key');
    const rows = within(key)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual([
      '1 to 5GreenAccept and monitor periodically',
      '6 to 10YellowMonitor regularly and take action if becomes more serious',
      '11 to 15AmberManagement action to address. Regular reports to SMT and Leadership Board',
      '16 to 25RedUrgent action to address. Ensure political leadership briefed',
    ]);
  });

  it('opens the heatmap from the sidebar and from the menu, and back', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('nav-heatmap'));
    expect(screen.getByTestId('heatmap')).toBeTruthy();
    expect(screen.queryByTestId('risk-table')).toBeNull();
    act(() => backend.emit('menu', 'view-register'));
    expect(screen.getByTestId('risk-table')).toBeTruthy();
    act(() => backend.emit('menu', 'view-heatmap'));
    expect(screen.getByTestId('heatmap')).toBeTruthy();
  });

  it('reloads when the register changes elsewhere', async () => {
    const backend = await renderApp();
    const risks = await backend.call('risks:list', {});
    const sr4 = risks.find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    await backend.call('risks:update-score', { id: sr4.id, version: sr4.version, impact: 5, likelihood: 4 });
    expect(cell('SR4', 'score').textContent).toBe('15');
    act(() => backend.emit('register-changed', null));
    // The score sits in a span beside the appetite mark since the ▲ was added.
    await waitFor(() => expect(cell('SR4', 'score').textContent).toBe('20'));
    expect(cell('SR4', 'band').textContent).toBe('Red');
  });
});
