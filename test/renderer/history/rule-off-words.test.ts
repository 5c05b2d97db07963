/**
 * The audit trail's words for an escalation rule switched off and on again (issue 13): the history a real register
 * records through the handler table, said as "Escalation rule 'Red now' switched off", each list marking the rules
 * that are off; any other change to the rules stays "Escalation rules changed".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { EscalationRuleInput } from '../../../shared/escalation.ts';
import { describeEntry } from '../../../renderer/history/words.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';

let backend: Backend | undefined;
afterEach(() => backend?.close());

const rule = (label: string, value: number): EscalationRuleInput => ({
  label,
  when: { metric: 'current-score', op: '>=', value },
  then: 'escalate',
  to: 'Leadership board',
});

describe('audit words for a rule switched off', () => {
  it('names the rule switched off or on, and marks the rules that are off', async () => {
    const b = await createBackend({ start: 'empty' });
    backend = b;
    const saved = await b.call('escalation:set-rules', { rules: [rule('Red now', 15), rule('Severe', 20)] });
    const off = await b.call('escalation:set-rules', {
      rules: saved.map((r, i) => (i === 1 ? { ...r, disabled: true } : r)),
    });
    await b.call('escalation:set-rules', { rules: off.map((r) => ({ ...r, disabled: true })) });
    await b.call('escalation:set-rules', { rules: off.map((r) => ({ ...r, disabled: false })) });
    await b.call('escalation:set-rules', { rules: [rule('Red now', 16)] });
    const entries = await b.call('history:list', { entity: 'register', entityId: 'escalation-rules' });
    const said = entries.map((e) => describeEntry(e, LGA_KEY));
    expect(said.map((w) => w.what)).toEqual([
      'Escalation rules changed',
      "Escalation rule 'Severe' switched off",
      "Escalation rule 'Red now' switched off",
      "Escalation rules 'Red now' switched on, 'Severe' switched on",
      'Escalation rules changed',
    ]);
    expect(said[1]?.new).toBe(
      '1. Red now: Current score ≥ 15 → escalate to Leadership board; 2. Severe (off): Current score ≥ 20 → escalate to Leadership board',
    );
    expect(said[1]?.old).not.toContain('(off)');
  }, 30_000);
});
