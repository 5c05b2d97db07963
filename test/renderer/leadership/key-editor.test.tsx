import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

async function showKey(): Promise<void> {
  await userEvent.click(screen.getByTestId('nav-band-key'));
  await screen.findByTestId('key-editor');
}

async function setNumber(testId: string, value: number): Promise<void> {
  const input = screen.getByTestId(testId);
  await userEvent.clear(input);
  await userEvent.type(input, String(value));
}

const bandOf = (ref: string) =>
  screen.getByTestId(`risk-row-${ref}`).querySelector('td[data-col="band"]')?.textContent?.trim();

describe('the band key editor', () => {
  it('re-bands the preview as you type and everything once saved; the change is in the history', async () => {
    const backend = await renderApp();
    expect(bandOf('SR3')).toBe('Yellow');
    await showKey();
    // LGA key: Green 1–5, Yellow 6–10, Amber 11–15, Red 16–25. SR3 is 5 × 2 = 10.
    expect(screen.getByTestId('preview-heat-cell-i5-l2').dataset.band).toBe('Yellow');
    await setNumber('key-max-1', 9);
    expect(screen.getByTestId('key-problems').textContent).toContain('No band covers the score 10.');
    await setNumber('key-min-2', 10);
    expect(screen.queryByTestId('key-problems')).toBeNull();
    expect(screen.getByTestId('preview-heat-cell-i5-l2').dataset.band).toBe('Amber');
    await userEvent.click(screen.getByTestId('key-save'));
    expect((await screen.findByTestId('key-saved')).textContent).toContain('Saved');

    const key = await backend.call('key:get', {});
    expect(key.find((b) => b.name === 'Amber')).toMatchObject({ min: 10, max: 15 });
    const history = await backend.call('audit:list', { field: 'key' });
    expect(history.entries).toHaveLength(1);

    await userEvent.click(screen.getByTestId('nav-heatmap'));
    expect(screen.getByTestId('heat-cell-i5-l2').dataset.band).toBe('Amber');
    expect(screen.getByTestId('heat-cell-i5-l2').textContent).toContain('10 Amber');
    await userEvent.click(screen.getByTestId('nav-register'));
    expect(bandOf('SR3')).toBe('Amber');
  });

  it('warns, without refusing, when custom colours fail the greyscale and colour-blindness checks', async () => {
    const backend = await renderApp();
    await showKey();
    expect(screen.queryByTestId('key-palette-warning')).toBeNull();
    // The old default Green beside today's Amber: one grey in print.
    const green = screen.getByTestId('key-colour-0');
    await userEvent.clear(green);
    await userEvent.type(green, '#d46a1f');
    const warning = screen.getByTestId('key-palette-warning');
    expect(warning.textContent).toContain('Green and Amber look alike in');
    expect(warning.textContent).toContain('greyscale print and achromatopsia (lightness step');
    await userEvent.click(screen.getByTestId('key-save'));
    expect((await screen.findByTestId('key-saved')).textContent).toContain('Saved');
    expect((await backend.call('key:get', {}))[0]?.colour).toBe('#d46a1f');
    expect(screen.getByTestId('key-palette-warning')).toBeTruthy();
  });

  it('shows the server’s refusal, naming the gap, and keeps the old key', async () => {
    const backend = await renderApp();
    await showKey();
    await setNumber('key-max-1', 8);
    await userEvent.click(screen.getByTestId('key-save'));
    const error = await screen.findByTestId('key-error');
    expect(error.textContent).toContain('No band covers the scores 9–10.');
    expect((await backend.call('key:get', {})).find((b) => b.name === 'Yellow')).toMatchObject({ max: 10 });
  });

  it('offers a three-band example and checks text contrast; appetite is one link away, in Risk appetite', async () => {
    const backend = await renderApp();
    await showKey();
    await userEvent.click(screen.getByTestId('key-use-three'));
    expect(screen.getAllByTestId(/^key-band-/)).toHaveLength(3);
    expect(screen.getByTestId('preview-heat-cell-i5-l3').dataset.band).toBe('High');
    expect(screen.getByTestId('key-contrast-0').textContent).toMatch(/^✓ Black text \d+\.\d:1, reads well$/);

    // The band key holds no appetite table now: its link opens Settings › Risk appetite, which has it.
    expect(screen.queryByTestId('appetite-Reputation')).toBeNull();
    await userEvent.click(
      within(screen.getByTestId('key-appetite-link')).getByRole('button', {
        name: 'Settings › Risk appetite',
      }),
    );
    await screen.findByTestId('appetite-view');
    expect(screen.getByTestId('nav-risk-appetite').getAttribute('aria-current')).toBe('page');
    const row = await screen.findByTestId('appetite-Reputation');
    const input = within(row).getByRole('spinbutton');
    await userEvent.type(input, '12');
    await userEvent.click(within(row).getByRole('button', { name: 'Save' }));
    expect((await backend.call('categories:list', {})).find((c) => c.name === 'Reputation')?.appetite).toBe(
      12,
    );
    expect(screen.getByTestId('appetite-outside-Reputation').textContent).toMatch(/^[1-9]\d* risks? above$/);
    // The category's own form below shows the custom threshold too (one source, read again after the save).
    expect((await screen.findByTestId('appetite-limits-reputation')).textContent).toMatch(/12/);
  });
});
