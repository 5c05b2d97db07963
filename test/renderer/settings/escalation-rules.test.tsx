/**
 * Settings › Escalation rules (issue 13): the rules in words, each with the risks it fires on now; add, edit,
 * reorder and delete in a draft checked as it is typed; Save records the list with the reason; Cancel and the
 * unsaved-changes guard. jsdom over the real handler table on a real SQLite file; what was saved is read back
 * through the channels and the history.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { riskScore } from '../../../shared/scoring.ts';
import { renderApp } from '../render-app.tsx';

async function showRules(): Promise<void> {
  await userEvent.click(await screen.findByTestId('nav-escalation-rules'));
  await screen.findByTestId('escalation-rules-view');
}

const setValue = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('Settings › Escalation rules', () => {
  it('adds a rule checked as typed, shows what it fires on, saves it with a reason, recorded in history', async () => {
    const backend = await renderApp({ user: 'Jo Finance', start: 'sample' });
    await showRules();
    expect((await screen.findByTestId('rules-empty')).textContent).toContain('no escalation rules');
    const save = screen.getByTestId('rules-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    await userEvent.click(screen.getByTestId('rule-add'));
    // A new rule has no label and no "to" yet: both named, and Save stays off.
    const problems = () => screen.getByTestId('rule-problems-1').textContent ?? '';
    expect(problems()).toContain('Every rule needs a label');
    expect(problems()).toContain('Every rule needs "to"');
    expect(save.disabled).toBe(true);
    expect(screen.getByTestId('rule-fires-1').textContent).toBe(
      'Correct the rules to see which risks they fire on.',
    );

    setValue('rule-label-1', 'Amber or worse');
    setValue('rule-to-1', 'Leadership board');
    setValue('rule-value-1', '30');
    expect(problems()).toContain('A current-score rule needs a whole-number value from 1 to 25.');
    setValue('rule-value-1', '12');
    setValue('rule-lasts-1', 'reviews');
    setValue('rule-count-1', '13');
    expect(problems()).toContain('forReviews must be a whole number of reviews, 1 to 12.');
    setValue('rule-lasts-1', 'now');
    expect(screen.queryByTestId('rule-problems-1')).toBeNull();
    expect(screen.getByTestId('rule-words-1').textContent).toBe(
      'Current score ≥ 12 → escalate to Leadership board',
    );

    // What it fires on now, worked out from the risks as the dashboard does.
    const expected = (await backend.call('risks:list', {}))
      .filter((r) => r.impact !== null && r.likelihood !== null && riskScore(r.impact, r.likelihood) >= 12)
      .map((r) => r.ref);
    expect(expected.length).toBeGreaterThan(0);
    await waitFor(() =>
      expect(screen.getByTestId('rule-fires-1').textContent).toBe(`Fires now on ${expected.join(', ')}.`),
    );
    expect(await backend.call('escalation:rules', {})).toEqual([]);

    setValue('rules-reason', 'Audit committee, 12/11/2026');
    expect(save.disabled).toBe(false);
    await userEvent.click(save);
    expect((await screen.findByTestId('rules-outcome')).textContent).toContain('Saved one rule.');
    const rules = await backend.call('escalation:rules', {});
    expect(rules.map((r) => [r.label, r.when, r.then, r.to])).toEqual([
      ['Amber or worse', { metric: 'current-score', op: '>=', value: 12 }, 'escalate', 'Leadership board'],
    ]);
    const fired = await backend.call('escalation:list', {});
    expect(fired.map((f) => f.ref)).toEqual(expected);
    const audit = await backend.call('audit:list', {});
    const entry = audit.entries.find((e) => e.field === 'escalationRules');
    expect(entry).toMatchObject({ reason: 'Audit committee, 12/11/2026', by: 'Jo Finance' });
  }, 45_000);

  it('edits, reorders and deletes rules; Cancel puts the saved rules back', async () => {
    const backend = await renderApp({ start: 'sample' });
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'High',
          when: { metric: 'current-score', op: '>=', value: 16, forReviews: 2 },
          then: 'escalate',
          to: 'Cabinet',
        },
        {
          label: 'Calm',
          when: { metric: 'appetite', op: '=', value: 'within', forQuarters: 2 },
          then: 'de-escalate',
          to: 'Service board',
        },
      ],
    });
    await showRules();
    const list = within(await screen.findByTestId('rules-list'));
    expect(list.getByTestId('rule-words-1').textContent).toBe(
      'Current score ≥ 16 for 2 reviews → escalate to Cabinet',
    );
    expect(list.getByTestId('rule-words-2').textContent).toBe(
      'Within appetite for 2 quarters → propose de-escalation to Service board',
    );

    await userEvent.click(list.getByTestId('rule-down-1'));
    expect(list.getByTestId('rule-name-1').textContent).toBe('Calm');
    await userEvent.click(list.getByTestId('rule-edit-2'));
    setValue('rule-metric-2', 'band');
    setValue('rule-value-2', 'Amber');
    expect(list.getByTestId('rule-words-2').textContent).toBe(
      'In band Amber for 2 reviews → escalate to Cabinet',
    );
    await userEvent.click(screen.getByTestId('rules-cancel'));
    expect(list.getByTestId('rule-name-1').textContent).toBe('High');
    expect((screen.getByTestId('rules-save') as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(list.getByTestId('rule-down-1'));
    await userEvent.click(list.getByTestId('rule-delete-2'));
    // The same label twice is refused as typed.
    await userEvent.click(screen.getByTestId('rule-add'));
    setValue('rule-label-2', 'calm');
    setValue('rule-to-2', 'Cabinet');
    expect(screen.getByTestId('rule-problems-2').textContent).toContain('Another rule has the same label.');
    expect((screen.getByTestId('rules-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('rule-label-2'), { target: { value: 'Very high' } });
    await userEvent.click(screen.getByTestId('rules-save'));
    await screen.findByTestId('rules-outcome');
    const rules = await backend.call('escalation:rules', {});
    expect(rules.map((r) => r.label)).toEqual(['Calm', 'Very high']);
  }, 45_000);

  it('asks before leaving with unsaved changes', async () => {
    await renderApp({ start: 'sample' });
    await showRules();
    await userEvent.click(await screen.findByTestId('rule-add'));
    await userEvent.click(screen.getByTestId('nav-dashboard'));
    // Still here, asked.
    expect(await screen.findByTestId('rules-leave')).toBeTruthy();
    expect(screen.getByTestId('escalation-rules-view')).toBeTruthy();
    await userEvent.click(screen.getByTestId('rules-stay'));
    expect(screen.queryByTestId('rules-leave')).toBeNull();
    expect(screen.getByTestId('rule-1')).toBeTruthy();
    await userEvent.click(screen.getByTestId('nav-dashboard'));
    await userEvent.click(await screen.findByTestId('rules-leave-anyway'));
    await screen.findByTestId('view-dashboard');
    // The draft went with it: back on the view, nothing to save, and leaving is free.
    await userEvent.click(screen.getByTestId('nav-escalation-rules'));
    expect(await screen.findByTestId('rules-empty')).toBeTruthy();
    await userEvent.click(screen.getByTestId('nav-register'));
    await screen.findByTestId('risk-table');
  }, 45_000);
});
