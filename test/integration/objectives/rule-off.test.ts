/**
 * An escalation rule switched off (issue 13, migration 0170) on real register files through the real handler
 * table: it is kept and listed, never fires (dashboard list, preview, board pack), the change is in history, a
 * rule already off keeps the moment it was switched off, it fires again once switched on, and the column travels
 * in a team replica's row images (an image from a laptop without the column reads as "on").
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { migrate } from '../../../db/migrations/index.ts';
import { applyRow, outbox } from '../../../db/team/replica.ts';
import type { EscalationRuleInput } from '../../../shared/escalation.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let clock = Date.UTC(2026, 10, 2, 9, 0);

beforeEach(async () => {
  tmp = makeTempDir('rr-rule-off-');
  clock = Date.UTC(2026, 10, 2, 9, 0);
  app = makeApp({
    now: () => {
      const d = new Date(clock);
      clock += 60_000;
      return d;
    },
  });
  await app.ok('register:create', { path: tmp.file('r.riskreg') });
  for (const [ref, i, l] of [
    ['R1', 4, 4],
    ['R2', 5, 4],
    ['R3', 2, 2],
  ] as const) {
    await app.ok('risks:create', {
      ref,
      category: 'Finance',
      description: `Risk ${ref}`,
      impact: i,
      likelihood: l,
      target: null,
    });
  }
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const RED: EscalationRuleInput = {
  label: 'Red now',
  when: { metric: 'current-score', op: '>=', value: 15 },
  then: 'escalate',
  to: 'Leadership board',
};
const HIGH: EscalationRuleInput = {
  label: 'Twenty or more',
  when: { metric: 'current-score', op: '>=', value: 20 },
  then: 'escalate',
  to: 'Audit committee',
};

const fired = async () => (await app.ok('escalation:list', {})).map((f) => `${f.ref}: ${f.label}`).sort();

describe('an escalation rule switched off', () => {
  it('is kept and never fires on the dashboard, in the preview or in the board pack; on again, it fires', async () => {
    await app.ok('escalation:set-rules', { rules: [RED, HIGH] });
    expect(await fired()).toEqual(['R1: Red now', 'R2: Red now', 'R2: Twenty or more']);
    const pack = async () => JSON.stringify(await app.ok('export:board-pack', {}));
    expect(await pack()).toContain('Red now');

    const saved = await app.ok('escalation:rules', {});
    const off = await app.ok('escalation:set-rules', {
      rules: saved.map((r, i) => (i === 0 ? { ...r, disabled: true } : r)),
      reason: 'Paused while the board reviews it',
    });
    // Kept, in its place, marked off; the other rule untouched.
    expect(off.map((r) => [r.id, r.label, r.disabled ?? false])).toEqual([
      [saved[0]?.id, 'Red now', true],
      [saved[1]?.id, 'Twenty or more', false],
    ]);
    expect('disabled' in (off[1] ?? {})).toBe(false);
    expect(await fired()).toEqual(['R2: Twenty or more']);
    expect(await pack()).not.toContain('Red now');
    expect(await pack()).toContain('Twenty or more');
    // The preview of a draft with the rule off says the same; with it on, it fires again.
    const preview = async (rules: unknown) =>
      (await app.ok('escalation:preview', { rules })).map((f) => `${f.ref}: ${f.label}`).sort();
    expect(await preview(off)).toEqual(['R2: Twenty or more']);
    expect(await preview(off.map((r) => ({ ...r, disabled: false })))).toEqual([
      'R1: Red now',
      'R2: Red now',
      'R2: Twenty or more',
    ]);

    // In history, with the reason; the old list has it on, the new one off.
    const hist = await app.ok('history:list', { entity: 'register', entityId: 'escalation-rules' });
    expect(hist).toHaveLength(2);
    expect(hist[1]).toMatchObject({ field: 'escalationRules', reason: 'Paused while the board reviews it' });
    expect(hist[1]?.oldValue).toEqual([
      { label: 'Red now', when: RED.when, then: 'escalate', to: 'Leadership board' },
      { label: 'Twenty or more', when: HIGH.when, then: 'escalate', to: 'Audit committee' },
    ]);
    expect((hist[1]?.newValue as { disabled?: boolean }[]).map((r) => r.disabled ?? false)).toEqual([
      true,
      false,
    ]);

    // Saving the same list again changes nothing and records nothing.
    await app.ok('escalation:set-rules', { rules: off });
    expect(await app.ok('history:list', { entity: 'register', entityId: 'escalation-rules' })).toHaveLength(
      2,
    );

    // Switched on again: it fires again, and that too is in history.
    await app.ok('escalation:set-rules', { rules: off.map((r) => ({ ...r, disabled: false })) });
    expect(await fired()).toEqual(['R1: Red now', 'R2: Red now', 'R2: Twenty or more']);
    expect(await app.ok('history:list', { entity: 'register', entityId: 'escalation-rules' })).toHaveLength(
      3,
    );
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });

  it('keeps the moment it was switched off when other rules change', async () => {
    await app.ok('escalation:set-rules', { rules: [{ ...RED, disabled: true }, HIGH] });
    const when = () =>
      app.session.db.prepare('SELECT label, disabled_at FROM escalation_rules ORDER BY position').all() as {
        label: string;
        disabled_at: string | null;
      }[];
    const first = when();
    expect(first[0]?.disabled_at).toMatch(/^2026-11-02T09:/);
    expect(first[1]?.disabled_at).toBeNull();
    const rules = await app.ok('escalation:rules', {});
    await app.ok('escalation:set-rules', {
      rules: [...rules].reverse().map((r) => ({ ...r, to: `${r.to}.` })),
    });
    expect(when()).toEqual([
      { label: 'Twenty or more', disabled_at: null },
      { label: 'Red now', disabled_at: first[0]?.disabled_at },
    ]);
    expect(await fired()).toEqual(['R2: Twenty or more']);
  });

  it('refuses a disabled flag that is not true or false, leaving the rules as they were', async () => {
    await app.ok('escalation:set-rules', { rules: [RED] });
    const err = await app.fail('escalation:set-rules', { rules: [{ ...RED, disabled: 'yes' }] });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('disabled must be true (the rule is off) or false (it is on).');
    expect((await app.ok('escalation:rules', {})).map((r) => r.disabled ?? false)).toEqual([false]);
  });

  it('travels in a team replica: captured in the row image, and an image without it reads as on', async () => {
    const db = app.session.db;
    db.prepare(
      "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
    ).run();
    await app.ok('escalation:set-rules', { rules: [{ ...RED, disabled: true }] });
    const insert = outbox(db).find(
      (o) => o.entity === 'row' && o.label === 'escalation_rules' && o.new_value,
    );
    const image = JSON.parse(insert?.new_value ?? '{}') as Record<string, unknown>;
    expect(image.label).toBe('Red now');
    expect(image.disabled_at).toMatch(/^2026-11-02T/);

    // From a laptop that does not know the column yet: the same rule, without disabled_at, is on.
    const { disabled_at: _dropped, ...older } = image;
    expect(_dropped).not.toBeNull();
    applyRow(db, 'escalation_rules', [image.id], older, '2026-11-02T10:00:00.000Z');
    expect((await app.ok('escalation:rules', {}))[0]?.disabled).toBeUndefined();
    applyRow(db, 'escalation_rules', [image.id], image, '2026-11-02T10:01:00.000Z');
    expect((await app.ok('escalation:rules', {}))[0]?.disabled).toBe(true);
  });
});

describe('migration 0170', () => {
  it('adds disabled_at to a register with rules, keeping them on', () => {
    const path = tmp.file('old.riskreg');
    const db = new Database(path);
    // The rule is written at version 90: the team capture triggers of 0150 and 0160 are made from today's
    // row-spec, which names disabled_at, so a write between those steps and 0170 is not possible (nor needed).
    migrate(db, 90);
    db.prepare(
      `INSERT INTO escalation_rules (id, position, label, condition, outcome, escalate_to, created_at)
       VALUES ('r1', 1, 'Red now', '{"metric":"current-score","op":">=","value":15}', 'escalate', 'Board', 'x')`,
    ).run();
    expect(migrate(db)).toContain(170);
    expect(db.prepare('SELECT id, label, disabled_at FROM escalation_rules').all()).toEqual([
      { id: 'r1', label: 'Red now', disabled_at: null },
    ]);
    const triggers = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'team_rows_escalation_rules_insert'",
      )
      .pluck()
      .get() as string;
    expect(triggers).toContain("'disabled_at', NEW.disabled_at");
    db.close();
  });
});
