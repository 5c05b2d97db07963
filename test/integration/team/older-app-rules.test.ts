/**
 * The older-app guard on real PostgreSQL (docs/orange-book.md, "An older app and `disabled_at`"): Ann's laptop runs
 * this app and switches an escalation rule off; Ben's laptop is made as an app older than migration 0170 has it —
 * its capture triggers publish `escalation_rules` images without `disabled_at` — and saves the rule list (DELETE +
 * INSERT of every rule, ids kept). Ann's next sync keeps her rule off, and `team sync` says where the images came
 * from. Before the guard her rule came back on.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rowCaptureSql } from '../../../db/team/row-spec.ts';
import { ok } from './team-helpers.ts';
import { onLaptop, setUpTeam, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-older-rules-');

/** Ben's escalation_rules triggers as the older app built them: the same, without the column it did not know. */
function makeOlder(file: string): void {
  const db = new Database(file);
  try {
    const sql = rowCaptureSql()
      .split(/\n(?=DROP TRIGGER|CREATE TRIGGER)/)
      .filter((s) => s.includes('team_rows_escalation_rules_'))
      .join('\n')
      .replaceAll(", 'disabled_at', NEW.disabled_at", '')
      .replaceAll(", 'disabled_at', OLD.disabled_at", '')
      .replaceAll(' OR OLD.disabled_at IS NOT NEW.disabled_at', '');
    expect(sql).toContain('CREATE TRIGGER team_rows_escalation_rules_insert');
    expect(sql).not.toContain('disabled_at');
    db.exec(sql);
  } finally {
    db.close();
  }
}

const RED = {
  label: 'Red now',
  when: { metric: 'current-score', op: '>=', value: 15 },
  then: 'escalate',
  to: 'Leadership board',
} as const;
const HIGH = { ...RED, label: 'Twenty or more', when: { ...RED.when, value: 20 } } as const;

describe('a rule switched off, and a laptop on an older app saving the rules', () => {
  it('stays off on the newer laptop, which says the images lacked disabled_at', async () => {
    const team = await setUpTeam(env, 'olderrules', [
      { name: 'ann_older', role: 'manager', password: 'ann-password-1234' },
      { name: 'ben_older', role: 'manager', password: 'ben-password-5678' },
    ]);
    const a = team.files['ann_older'] ?? '';
    const b = team.files['ben_older'] ?? '';

    await onLaptop(a, 'Ann', async (app) => {
      await app.ok('escalation:set-rules', { rules: [{ ...RED, disabled: true }, HIGH] });
    });
    await ok(['sync', '--db', a], 'ann-password-1234');
    await ok(['sync', '--db', b], 'ben-password-5678');
    makeOlder(b);

    // Ben, on the older app: his list has no `disabled` (it does not know it); he renames the second rule.
    await onLaptop(b, 'Ben', async (app) => {
      const rules = await app.ok('escalation:rules', {});
      expect(rules.map((r) => r.label)).toEqual(['Red now', 'Twenty or more']);
      await app.ok('escalation:set-rules', {
        rules: rules.map(({ disabled: _off, ...r }, i) => (i === 1 ? { ...r, label: 'Very high' } : r)),
        reason: 'Clearer name',
      });
    });
    const benImages = new Database(b, { readonly: true });
    const sent = (
      benImages
        .prepare(
          "SELECT action, new_value FROM team_outbox WHERE entity = 'row' AND label = 'escalation_rules'",
        )
        .all() as { action: string; new_value: string | null }[]
    ).map((o) => [o.action, o.new_value === null ? null : Object.keys(JSON.parse(o.new_value) as object)]);
    benImages.close();
    expect(sent.map((s) => s[0])).toEqual(['delete', 'delete', 'insert', 'insert']);
    for (const [, keys] of sent.slice(2)) expect(keys).not.toContain('disabled_at');
    await ok(['sync', '--db', b], 'ben-password-5678');

    const out = await ok(['sync', '--db', a], 'ann-password-1234');
    await onLaptop(a, 'Ann', async (app) => {
      const rules = await app.ok('escalation:rules', {});
      expect(rules.map((r) => [r.label, r.disabled ?? false])).toEqual([
        ['Red now', true],
        ['Very high', false],
      ]);
      expect((await app.ok('audit:verify', {})).ok).toBe(true);
    });
    expect(out).toContain(
      '2 escalation rules rows came from a laptop on an older app without disabled_at: kept as this laptop had it. Update the app on every laptop of the team.',
    );
    // A sync that pulls nothing new says nothing about older images.
    expect(await ok(['sync', '--db', a], 'ann-password-1234')).not.toContain('older app');
  }, 120_000);
});
