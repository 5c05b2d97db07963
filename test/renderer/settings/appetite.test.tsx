/**
 * Settings › Risk appetite (issue 13): a category's level with a reason, the board-approved statement, and the
 * register's mapping, validated as typed. jsdom over the real handler table on a real SQLite file; what was saved
 * is read back through the channels and the history.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPETITE_MAPPING } from '../../../shared/appetite.ts';
import { renderApp } from '../render-app.tsx';

async function showAppetite(): Promise<void> {
  await userEvent.click(await screen.findByTestId('nav-risk-appetite'));
  await screen.findByTestId('appetite-view');
}

describe('Settings › Risk appetite', () => {
  it('sets a category’s level with a reason and its statement, recorded in history', async () => {
    const backend = await renderApp({ user: 'Jo Finance', start: 'sample' });
    await showAppetite();
    const form = within(await screen.findByTestId('appetite-category-reputation'));
    await userEvent.selectOptions(form.getByTestId('appetite-level-reputation'), 'cautious');
    fireEvent.change(form.getByTestId('appetite-statement-reputation'), {
      target: { value: 'We accept moderate reputational risk to innovate.' },
    });
    fireEvent.change(form.getByTestId('appetite-approved-reputation'), { target: { value: '2026-03-12' } });
    await userEvent.type(form.getByTestId('appetite-reason-reputation'), 'Cabinet, 12/03/2026');
    await userEvent.click(form.getByTestId('appetite-save-reputation'));
    expect((await form.findByTestId('appetite-outcome-reputation')).textContent).toContain(
      'Saved Reputation',
    );
    await waitFor(() =>
      expect(form.getByTestId('appetite-limits-reputation').textContent).toBe(
        'Cautious: appetite up to 8, tolerance up to 12 · statement approved 12/03/2026',
      ),
    );

    const reputation = (await backend.call('appetite:get', {})).categories.find(
      (c) => c.name === 'Reputation',
    );
    expect(reputation).toMatchObject({
      appetiteLevel: 'cautious',
      appetite: 8,
      tolerance: 12,
      appetiteStatement: 'We accept moderate reputational risk to innovate.',
      appetiteApproved: '2026-03-12',
    });
    const history = await backend.call('appetite:history', { categoryId: reputation?.id ?? '' });
    expect(history.map((h) => [h.field, h.newValue, h.reason, h.by])).toEqual([
      ['appetiteLevel', 'cautious', 'Cabinet, 12/03/2026', 'Jo Finance'],
      [
        'appetiteStatement',
        { statement: 'We accept moderate reputational risk to innovate.', approved: '2026-03-12' },
        'Cabinet, 12/03/2026',
        'Jo Finance',
      ],
    ]);
  });

  it('checks the mapping as it is typed, refuses nothing silently, and saves a sound one', async () => {
    const backend = await renderApp({ start: 'sample' });
    await showAppetite();
    const mapping = within(await screen.findByTestId('appetite-mapping'));
    const save = mapping.getByTestId('mapping-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    // Tolerance below appetite, out of range, and not monotone: every problem named, nothing saved.
    fireEvent.change(mapping.getByTestId('mapping-cautious-tolerance'), { target: { value: '6' } });
    fireEvent.change(mapping.getByTestId('mapping-eager-appetite'), { target: { value: '30' } });
    const problems = mapping.getByTestId('mapping-problems').textContent ?? '';
    expect(problems).toContain('Cautious: the tolerance (6) cannot be below the appetite (8).');
    expect(problems).toContain("Cautious: the tolerance (6) cannot be below Minimal's (8)");
    expect(problems).toContain('Eager: the appetite must be a whole score from 1 to 25.');
    expect(save.disabled).toBe(true);
    expect((await backend.call('appetite:get', {})).levels).toEqual(DEFAULT_APPETITE_MAPPING);

    fireEvent.change(mapping.getByTestId('mapping-cautious-tolerance'), { target: { value: '15' } });
    fireEvent.change(mapping.getByTestId('mapping-eager-appetite'), { target: { value: '16' } });
    expect(mapping.queryByTestId('mapping-problems')).toBeNull();
    await userEvent.type(mapping.getByTestId('mapping-reason'), 'Annual review');
    await userEvent.click(save);
    expect((await mapping.findByTestId('mapping-outcome')).textContent).toContain(
      'Saved the appetite levels',
    );
    const levels = (await backend.call('appetite:get', {})).levels;
    expect(levels).toEqual({ ...DEFAULT_APPETITE_MAPPING, cautious: { appetite: 8, tolerance: 15 } });
    const anyCategory = (await backend.call('appetite:get', {})).categories[0];
    const history = await backend.call('appetite:history', { categoryId: anyCategory?.id ?? '' });
    const entry = history.find((h) => h.field === 'appetiteLevels');
    expect(entry).toMatchObject({ reason: 'Annual review', newValue: levels });
  });
});
