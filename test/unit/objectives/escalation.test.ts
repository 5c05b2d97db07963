import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { EscalationRule, RuleRisk } from '../../../shared/escalation.ts';
import { evaluateRules, ruleFires, validateRules } from '../../../shared/escalation.ts';
import { parseObjectiveStatus, planObjectiveImport } from '../../../shared/objectives.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { TimelinePoint } from '../../../shared/travel.ts';

const risk = (impact: number, likelihood: number, extra: Partial<RuleRisk> = {}): RuleRisk => ({
  id: 'r1',
  ref: 'SR1',
  description: 'Funding',
  category: 'Finance',
  impact: impact as ScoreValue,
  likelihood: likelihood as ScoreValue,
  target: null,
  archivedAt: null,
  ...extra,
});
const point = (at: string, kind: TimelinePoint['kind'], i: number, l: number): TimelinePoint => ({
  at: `${at}T10:00:00.000Z`,
  kind,
  impact: i as ScoreValue,
  likelihood: l as ScoreValue,
});
const ctx = { key: LGA_KEY, categories: [{ name: 'Finance', appetite: 8 }], today: '2026-06-30' };
const rule = (when: EscalationRule['when']): EscalationRule => ({
  id: 'x',
  label: 'L',
  when,
  then: 'escalate',
  to: 'Board',
});

describe('ruleFires', () => {
  const timeline = [
    point('2026-01-01', 'created', 3, 3),
    point('2026-02-01', 'reviewed', 4, 4),
    point('2026-03-01', 'reviewed', 3, 3),
    point('2026-04-01', 'reviewed', 4, 4),
    point('2026-05-01', 'reviewed', 5, 4),
  ];
  it('score ≥ N for K reviews counts only the last K reviews and now', () => {
    expect(
      ruleFires(
        rule({ metric: 'current-score', op: '>=', value: 15, forReviews: 2 }),
        risk(5, 4),
        timeline,
        ctx,
      ),
    ).toMatch(/at each of the last 2 reviews \(16 on 01\/04\/2026, 20 on 01\/05\/2026\)/);
    expect(
      ruleFires(
        rule({ metric: 'current-score', op: '>=', value: 15, forReviews: 3 }),
        risk(5, 4),
        timeline,
        ctx,
      ),
    ).toBeNull();
    // A score edited down after the last review stops it.
    expect(
      ruleFires(
        rule({ metric: 'current-score', op: '>=', value: 15, forReviews: 2 }),
        risk(2, 2),
        timeline,
        ctx,
      ),
    ).toBeNull();
    // Fewer reviews than asked for: not yet.
    expect(
      ruleFires(
        rule({ metric: 'current-score', op: '>=', value: 1, forReviews: 5 }),
        risk(5, 4),
        timeline,
        ctx,
      ),
    ).toBeNull();
  });
  it('band, now and for reviews', () => {
    expect(ruleFires(rule({ metric: 'band', op: '=', value: 'red' }), risk(5, 4), timeline, ctx)).toMatch(
      /In band red/,
    );
    expect(
      ruleFires(rule({ metric: 'band', op: '=', value: 'Red', forReviews: 3 }), risk(5, 4), timeline, ctx),
    ).toBeNull();
    expect(
      ruleFires(rule({ metric: 'band', op: '!=', value: 'Green' }), risk(5, 4), timeline, ctx),
    ).not.toBeNull();
  });
  it('within appetite for K quarters needs the history to reach back and hold throughout', () => {
    const calm = [point('2025-12-01', 'created', 2, 2), point('2026-03-01', 'reviewed', 2, 3)];
    const within = rule({ metric: 'appetite', op: '=', value: 'within', forQuarters: 2 });
    expect(ruleFires(within, risk(2, 3), calm, ctx)).toMatch(
      /throughout the last 2 quarters \(since 30\/12\/2025\)/,
    );
    expect(ruleFires(within, risk(2, 3), calm, { ...ctx, today: '2026-05-31' })).toBeNull();
    // Created inside the window: too young.
    expect(ruleFires(within, risk(2, 2), [point('2026-02-01', 'created', 2, 2)], ctx)).toBeNull();
    // Above 8 at one review inside the window.
    expect(ruleFires(within, risk(2, 2), [...calm, point('2026-04-01', 'reviewed', 3, 3)], ctx)).toBeNull();
    // No appetite for the category: neither within nor outside.
    expect(ruleFires(within, risk(2, 2, { category: 'People' }), calm, ctx)).toBeNull();
    expect(
      ruleFires(rule({ metric: 'appetite', op: '=', value: 'outside' }), risk(3, 3), [], ctx),
    ).not.toBeNull();
  });
  it('target not met by a date fires only after that day and while above the target', () => {
    const late = rule({ metric: 'target', op: 'not-met-by', value: '2026-06-29' });
    const r = risk(4, 3, { target: { impact: 2, likelihood: 2 } });
    expect(ruleFires(late, r, [], ctx)).toMatch(/Target not met by 29\/06\/2026/);
    expect(ruleFires(late, r, [], { ...ctx, today: '2026-06-29' })).toBeNull();
    expect(ruleFires(late, risk(2, 2, { target: { impact: 2, likelihood: 2 } }), [], ctx)).toBeNull();
    expect(ruleFires(late, risk(5, 5), [], ctx)).toBeNull();
  });
  it('archived risks never fire; evaluateRules lists each rule that fires', () => {
    const always = rule({ metric: 'current-score', op: '>=', value: 1 });
    expect(evaluateRules([always], [{ risk: risk(1, 1, { archivedAt: 'x' }), timeline: [] }], ctx)).toEqual(
      [],
    );
    expect(
      evaluateRules(
        [always, { ...always, id: 'y', label: 'M', then: 'de-escalate' }],
        [{ risk: risk(1, 1), timeline: [] }],
        ctx,
      ).map((f) => [f.ref, f.label, f.then, f.to]),
    ).toEqual([
      ['SR1', 'L', 'escalate', 'Board'],
      ['SR1', 'M', 'de-escalate', 'Board'],
    ]);
  });
});

describe('a rule switched off', () => {
  const always = rule({ metric: 'current-score', op: '>=', value: 1 });
  const red = rule({ metric: 'current-score', op: '>=', value: 15, forReviews: 2 });
  const reviewed = [point('2026-05-01', 'reviewed', 4, 4), point('2026-06-01', 'reviewed', 5, 4)];
  it('never fires, whatever the risk and its history, while a rule that is on still does', () => {
    const off = { ...red, id: 'off', label: 'Off', disabled: true };
    for (const [i, l] of [
      [1, 1],
      [3, 5],
      [5, 5],
    ] as const) {
      const fired = evaluateRules(
        [{ ...always, disabled: true }, off],
        [{ risk: risk(i, l), timeline: reviewed }],
        ctx,
      );
      expect(fired).toEqual([]);
    }
    expect(
      evaluateRules(
        [off, red, { ...always, id: 'z', label: 'On', disabled: false }],
        [{ risk: risk(5, 4), timeline: reviewed }],
        ctx,
      ).map((f) => f.label),
    ).toEqual(['L', 'On']);
  });
  it('is accepted as true or false and refused otherwise; absent means on', () => {
    const good = {
      label: 'A',
      when: { metric: 'current-score', op: '>=', value: 15 },
      then: 'escalate',
      to: 'B',
    };
    const on = validateRules([good, { ...good, label: 'C', disabled: false }], LGA_KEY);
    const off = validateRules([{ ...good, disabled: true }], LGA_KEY);
    expect(on.ok && on.rules.map((r) => r.disabled)).toEqual([undefined, false]);
    expect(off.ok && off.rules[0]?.disabled).toBe(true);
    const bad = validateRules([{ ...good, disabled: 'no' }], LGA_KEY);
    expect(!bad.ok && bad.problems).toEqual([
      'Rule 1, disabled: disabled must be true (the rule is off) or false (it is on).',
    ]);
  });
});

describe('validateRules', () => {
  const good = {
    label: 'A',
    when: { metric: 'current-score', op: '>=', value: 15, forReviews: 2 },
    then: 'escalate',
    to: 'Board',
  };
  it('accepts the documented forms', () => {
    const r = validateRules(
      [
        good,
        {
          label: 'B',
          when: { metric: 'appetite', op: '=', value: 'within', forQuarters: 2 },
          then: 'de-escalate',
          to: 'Dir',
        },
        { label: 'C', when: { metric: 'band', op: '=', value: 'Red' }, then: 'escalate', to: 'Members' },
        {
          label: 'D',
          when: { metric: 'target', op: 'not-met-by', value: '2027-03-31' },
          then: 'escalate',
          to: 'ARC',
        },
      ],
      LGA_KEY,
    );
    expect(r.ok).toBe(true);
  });
  it.each([
    [
      { ...good, when: { ...good.when, value: 26 } },
      'Rule 1, when.value: A current-score rule needs a whole-number value from 1 to 25.',
    ],
    [{ ...good, when: { ...good.when, forQuarters: 1 } }, 'not both'],
    [{ ...good, when: { metric: 'mood', op: '=', value: 1 } }, 'metric must be'],
    [{ ...good, when: { metric: 'target', op: 'not-met-by', value: '2027-02-30' } }, 'real date'],
    [{ ...good, then: 'panic' }, 'then must be "escalate" or "de-escalate".'],
    [{ ...good, to: ' ' }, 'Every rule needs "to"'],
    [{ ...good, extra: 1 }, 'Rule 1'],
    [
      { ...good, when: { metric: 'band', op: '=', value: 'Purple' } },
      'no band "Purple". Use one of Green, Yellow, Amber, Red.',
    ],
  ])('refuses %j', (bad, message) => {
    const r = validateRules([bad], LGA_KEY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join(' ')).toContain(message);
  });
  it('refuses duplicate labels and a non-list', () => {
    const r = validateRules([good, good], LGA_KEY);
    expect(!r.ok && r.problems[0]).toContain('Rule 2 ("A"): another rule has the same label');
    expect(validateRules({ rules: [] }, LGA_KEY).ok).toBe(false);
  });
});

describe('objective import plan and statuses', () => {
  const table = (rows: string[][]) => ({
    rows: rows.map((r, i) => ({ row: i + 1, cells: r.map((text) => ({ text })) })),
  });
  it('parses statuses as people write them', () => {
    expect(
      ['G', 'amber', 'RED', 'Not started', '', 'Completed', 'on fire'].map(parseObjectiveStatus),
    ).toEqual(['green', 'amber', 'red', 'not-started', 'not-started', 'complete', null]);
  });
  it('finds the header under a title row and reports a missing one', () => {
    const plan = planObjectiveImport(
      table([['Business plan 2026'], ['Title', 'Ref', 'RAG'], ['Funding', 'F1', 'A']]),
    );
    expect(plan).toEqual({
      objectives: [{ row: 3, ref: 'F1', title: 'Funding', lead: '', status: 'amber' }],
      problems: [],
    });
    expect(planObjectiveImport(table([['a', 'b']])).problems[0]).toContain(
      'No header row with "ref" and "title"',
    );
    expect(
      planObjectiveImport(
        table([
          ['ref', 'title'],
          ['F 1', 'x'],
        ]),
      ).problems[0],
    ).toContain('Row 2: the ref "F 1"');
  });
});
