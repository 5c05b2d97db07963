/**
 * An escalation rule switched off (issue 13, migration 0170) on real register files through the real handler
 * table: it is kept and listed, never fires (dashboard list, preview, board pack), the change is in history, a
 * rule already off keeps the moment it was switched off, it fires again once switched on, and the column travels
 * in a team replica's row images (an image from a laptop on an older app, without the column, keeps the rule as it
 * is here: the older-app guard in applyRow).
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { migrate } from '../../../db/migrations/index.ts';
import { olderAppLine } from '../../../db/cli/commands/team.ts';
import { applyRow, newRowPull, olderImages, outbox } from '../../../db/team/replica.ts';
import { installCaptureTriggers } from '../../../db/team/row-spec.ts';
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

  it('travels in a team replica: captured in the row image; null switches it on', async () => {
    const db = app.session.db;
    db.prepare(
      "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
    ).run();
    installCaptureTriggers(db);
    await app.ok('escalation:set-rules', { rules: [{ ...RED, disabled: true }] });
    const insert = outbox(db).find(
      (o) => o.entity === 'row' && o.label === 'escalation_rules' && o.new_value,
    );
    const image = JSON.parse(insert?.new_value ?? '{}') as Record<string, unknown>;
    expect(image.label).toBe('Red now');
    expect(image.disabled_at).toMatch(/^2026-11-02T/);

    // A newer laptop switching it on sends disabled_at: null — present, so applied.
    applyRow(db, 'escalation_rules', [image.id], { ...image, disabled_at: null }, '2026-11-02T10:00:00.000Z');
    expect((await app.ok('escalation:rules', {}))[0]?.disabled).toBeUndefined();
    applyRow(db, 'escalation_rules', [image.id], image, '2026-11-02T10:01:00.000Z');
    expect((await app.ok('escalation:rules', {}))[0]?.disabled).toBe(true);
  });

  // Changed on purpose (the older-app guard, docs/orange-book.md "An older app and disabled_at"): an image that
  // lacks disabled_at used to read as NULL, switching every rule back on; it now keeps this laptop's value.
  it('an image from an older app, without disabled_at, keeps the rule as it is here (update and delete + insert)', async () => {
    const db = app.session.db;
    db.prepare(
      "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
    ).run();
    installCaptureTriggers(db);
    await app.ok('escalation:set-rules', { rules: [{ ...RED, disabled: true }, HIGH] });
    const rows = () =>
      db
        .prepare('SELECT id, label, created_at, disabled_at FROM escalation_rules ORDER BY position')
        .all() as {
        id: string;
        label: string;
        created_at: string;
        disabled_at: string | null;
      }[];
    const [red, high] = rows();
    const offAt = red?.disabled_at;
    expect(offAt).toMatch(/^2026-11-02T/);
    expect(high?.disabled_at).toBeNull();
    // As an app before migration 0170 writes it (its row-spec has no disabled_at): hand-written, the key absent.
    const olderImage = (id: string, position: number, label: string, value: number) => ({
      id,
      position,
      label,
      condition: JSON.stringify({ metric: 'current-score', op: '>=', value }),
      outcome: 'escalate',
      escalate_to: 'Leadership board',
      created_at: '2026-11-03T08:00:00.000Z',
    });
    const historyCount = () => db.prepare('SELECT count(*) FROM history').pluck().get();
    const before = historyCount();

    // 1. An update of the row (a pull where the row is still here): disabled_at untouched, the rest applied.
    const pull1 = newRowPull();
    applyRow(
      db,
      'escalation_rules',
      [red?.id],
      olderImage(red?.id ?? '', 1, 'Red now!', 15),
      'x',
      'server',
      [],
      pull1,
    );
    expect(rows()[0]).toMatchObject({ label: 'Red now!', disabled_at: offAt });
    expect(olderImages(pull1)).toEqual([{ table: 'escalation_rules', columns: ['disabled_at'], rows: 1 }]);

    // 2. What the older app's rule save really sends: DELETE then INSERT of every rule under the same ids, which
    //    the server stores as a removal then the image it was given (no disabled_at). Same pull: kept.
    const pull2 = newRowPull();
    for (const r of [red, high]) applyRow(db, 'escalation_rules', [r?.id], null, 'x', 'server', [], pull2);
    expect(rows()).toEqual([]);
    applyRow(
      db,
      'escalation_rules',
      [red?.id],
      olderImage(red?.id ?? '', 1, 'Red now', 15),
      'x',
      'server',
      [],
      pull2,
    );
    applyRow(
      db,
      'escalation_rules',
      [high?.id],
      olderImage(high?.id ?? '', 2, 'Twenty or more', 20),
      'x',
      'server',
      [],
      pull2,
    );
    expect(rows().map((r) => [r.label, r.created_at, r.disabled_at])).toEqual([
      ['Red now', '2026-11-03T08:00:00.000Z', offAt],
      ['Twenty or more', '2026-11-03T08:00:00.000Z', null],
    ]);
    expect((await app.ok('escalation:rules', {})).map((r) => r.disabled ?? false)).toEqual([true, false]);
    expect(await fired()).toEqual(['R2: Twenty or more']);
    expect(olderImages(pull2)).toEqual([{ table: 'escalation_rules', columns: ['disabled_at'], rows: 2 }]);
    expect(olderAppLine(olderImages(pull2)[0] ?? { table: '', columns: [], rows: 0 })).toBe(
      '2 escalation rules rows came from a laptop on an older app without disabled_at: kept as this laptop had it. Update the app on every laptop of the team.',
    );

    // 3. A new rule (no row under that key here, none removed in the pull): the column's default, on.
    const pull3 = newRowPull();
    applyRow(
      db,
      'escalation_rules',
      ['r-new'],
      olderImage('r-new', 3, 'Brand new', 25),
      'x',
      'server',
      [],
      pull3,
    );
    expect(rows()[2]).toMatchObject({ id: 'r-new', disabled_at: null });
    // 4. Without a pull (publish, an undo on this laptop) the same rule holds for an update: the value stays.
    applyRow(db, 'escalation_rules', [red?.id], olderImage(red?.id ?? '', 1, 'Red now', 15), 'x');
    expect(rows()[0]?.disabled_at).toBe(offAt);
    // The guard writes no history of its own (the server's chain would replace it): the pull reports it instead.
    expect(historyCount()).toBe(before);
    expect(verifyHistory(db).ok).toBe(true);
  });

  it('holds for every table: a risk image without its own appetite level keeps the level here', async () => {
    const db = app.session.db;
    const risk = (await app.ok('risks:list', {})).find((r) => r.ref === 'R1');
    if (!risk) throw new Error('no R1');
    await app.ok('risks:set-appetite-override', {
      id: risk.id,
      version: risk.version,
      level: 'averse',
      reason: 'Statutory duty',
    });
    const read = () =>
      db
        .prepare('SELECT appetite_level, appetite_reason, review_cycle FROM risks WHERE id = ?')
        .get(risk?.id);
    const pull = newRowPull();
    // A risks image as an app before migration 0120 carried it: no appetite_level, no appetite_reason.
    applyRow(
      db,
      'risks',
      [risk?.id],
      { id: risk?.id, review_cycle: 'monthly', next_review: '2026-12-01', confidential: 0, position: 1 },
      'x',
      'server',
      [],
      pull,
    );
    expect(read()).toEqual({
      appetite_level: 'averse',
      appetite_reason: 'Statutory duty',
      review_cycle: 'monthly',
    });
    expect(olderImages(pull)).toEqual([
      { table: 'risks', columns: ['appetite_level', 'appetite_reason'], rows: 1 },
    ]);
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
    // Up to 190: from 200 on a solo register has no capture triggers (migration-0200.test.ts).
    expect(migrate(db, 190)).toContain(170);
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
