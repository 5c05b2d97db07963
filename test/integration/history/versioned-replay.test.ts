/**
 * The versioned-record writes (actions, controls, assurance, objectives, appetite, escalation rules) replayed from
 * one scripted sequence on a real register file, through the real handler table, with a clock that steps one
 * minute a call: every history row they write (entity, id, label, action, field, old and new JSON, reason, time,
 * author, and the hash chain), every version they return and every refusal's message, compared byte for byte with
 * test/fixtures/versioned-replay.json. That file was written by this script on the code before the writes shared
 * one helper (db/versioned.ts), so a refactor that changes a row, a version or a message fails here.
 *
 * Ids are random (UUID v7), so every id is named by the order it first appears in ("id-1", "id-2", …) and the
 * chain is hashed again over the named rows (db/history.ts's own entryHash), from the genesis hash.
 * Write the fixture anew (only on purpose) with REPLAY_FIXTURE=write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HistoryRow } from '../../../db/history.ts';
import { entryHash, GENESIS_HASH, verifyHistory } from '../../../db/history.ts';
import { DEFAULT_APPETITE_MAPPING } from '../../../shared/appetite.ts';
import type { EscalationRuleInput } from '../../../shared/escalation.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir, steppingClock } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'versioned-replay.json');

let tmp: TempDir;
let app: App;
beforeEach(async () => {
  tmp = makeTempDir('rr-replay-');
  app = makeApp({ now: steppingClock() });
  await app.ok('register:create', { path: tmp.file('replay.riskreg') });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

interface Transcript {
  steps: string[];
  history: Omit<HistoryRow, never>[];
}

/** The script: every write of the versioned records, including no-op writes, stale versions and undos. */
async function script(): Promise<string[]> {
  const steps: string[] = [];
  const say = (what: string, v: unknown) => steps.push(`${what}: ${JSON.stringify(v)}`);
  const version = (what: string, r: { version: number }) => say(what, r.version);
  const refused = async (what: string, p: Promise<{ code: string; message: string }>) => {
    const e = await p;
    say(what, `${e.code} ${e.message}`);
  };
  const risk = async (ref: string, impact: 1 | 2 | 3 | 4 | 5, likelihood: 1 | 2 | 3 | 4 | 5) =>
    app.ok('risks:create', {
      ref,
      category: 'Finance',
      description: `Risk ${ref}`,
      impact,
      likelihood,
      target: null,
    });
  const r1 = await risk('R1', 4, 4);
  const r2 = await risk('R2', 2, 3);

  // Actions.
  const a = await app.ok('actions:create', { riskId: r1.id, text: 'Quarterly check', owner: 'AB' } as never);
  version('action created', a);
  const a2 = await app.ok('actions:update', {
    id: a.id,
    version: a.version,
    changes: { text: '  Monthly check ', owner: 'CD', dueDate: '2026-06-30', status: 'in_progress' },
    reason: 'Tighter',
  } as never);
  version('action updated', a2);
  version(
    'action unchanged',
    await app.ok('actions:update', {
      id: a.id,
      version: a2.version,
      changes: { text: 'Monthly check' },
    } as never),
  );
  await refused(
    'action stale',
    app.fail('actions:update', { id: a.id, version: a.version, changes: { text: 'x' } } as never),
  );
  const a3 = await app.ok('actions:archive', { id: a.id, version: a2.version, reason: 'Done with' });
  version('action archived', a3);
  await refused('action archive stale', app.fail('actions:archive', { id: a.id, version: a2.version }));

  // Controls.
  const c = await app.ok('controls:create', {
    text: 'Budget board',
    riskIds: [r1.id],
    owner: 'AB',
    type: 'directive',
    effectiveness: 'unassessed',
  } as never);
  version('control created', c);
  const c2 = await app.ok('controls:update', {
    id: c.id,
    version: c.version,
    changes: {
      text: 'Budget board (monthly)',
      owner: null,
      type: 'detective',
      nextAssessmentDue: '2026-09-30',
    },
  } as never);
  version('control updated', c2);
  version(
    'control unchanged',
    await app.ok('controls:update', {
      id: c.id,
      version: c2.version,
      changes: { type: 'detective' },
    } as never),
  );
  await refused(
    'control stale',
    app.fail('controls:update', { id: c.id, version: c.version, changes: { text: 'y' } } as never),
  );
  const c3 = await app.ok('controls:assess', {
    id: c.id,
    version: c2.version,
    effectiveness: 'partial',
    nextAssessmentDue: '2026-12-31',
  } as never);
  version('control assessed', c3);
  const c4 = await app.ok('controls:assess', {
    id: c.id,
    version: c3.version,
    effectiveness: 'partial',
  } as never);
  version('control assessed again', c4);
  await refused(
    'control assess stale',
    app.fail('controls:assess', { id: c.id, version: c3.version, effectiveness: 'effective' } as never),
  );
  version('control linked', await app.ok('controls:link', { id: c.id, riskId: r2.id }));
  const c5 = await app.ok('controls:unlink', { id: c.id, riskId: r2.id });
  version('control unlinked', c5);
  await refused('control delete linked', app.fail('controls:delete', { id: c.id, version: c5.version }));
  const c6 = await app.ok('controls:unlink', { id: c.id, riskId: r1.id });
  await refused('control delete stale', app.fail('controls:delete', { id: c.id, version: c5.version }));
  version(
    'control deleted',
    await app.ok('controls:delete', { id: c.id, version: c6.version, reason: 'Gone' }),
  );

  // Assurance.
  const s = await app.ok('assurances:create', {
    riskId: r1.id,
    source: 'Internal audit 2025/26',
    line: 3,
    strength: 'limited',
  } as never);
  version('assurance created', s);
  const s2 = await app.ok('assurances:update', {
    id: s.id,
    version: s.version,
    changes: { strength: 'reasonable', gaps: ' Payroll not covered ', date: '2026-03-31' },
  } as never);
  version('assurance updated', s2);
  await refused(
    'assurance stale',
    app.fail('assurances:update', { id: s.id, version: s.version, changes: { gaps: 'z' } } as never),
  );
  version('assurance removed', await app.ok('assurances:delete', { id: s.id, version: s2.version }));

  // Objectives.
  const o = await app.ok('objectives:create', { ref: 'F1', title: 'Adequate funding', lead: 'CEx' } as never);
  version('objective created', o);
  const o2 = await app.ok('objectives:update', {
    id: o.id,
    version: o.version,
    changes: { ref: 'F1a', title: 'Adequate funding for all', status: 'amber' },
  } as never);
  version('objective updated', o2);
  await refused(
    'objective stale',
    app.fail('objectives:update', { id: o.id, version: o.version, changes: { lead: 'Q' } } as never),
  );
  version('objective linked', await app.ok('objectives:link', { objectiveId: o.id, riskId: r1.id }));
  const o3 = await app.ok('objectives:archive', { id: o.id, version: o2.version, archived: true });
  version('objective archived', o3);
  version(
    'objective restored',
    await app.ok('objectives:archive', { id: o.id, version: o3.version, archived: false }),
  );

  // Appetite.
  const cats = await app.ok('categories:list', {});
  const finance = cats.find((x) => x.name === 'Finance');
  if (!finance) throw new Error('no Finance category');
  await app.ok('categories:set-appetite', { id: finance.id, appetite: 9 });
  say(
    'level',
    (await app.ok('appetite:set-level', { categoryId: finance.id, level: 'cautious' })).appetiteLevel,
  );
  say(
    'statement',
    (
      await app.ok('appetite:set-statement', {
        categoryId: finance.id,
        statement: ' We accept little financial risk. ',
        approved: '2026-04-01',
      } as never)
    ).appetiteStatement,
  );
  say(
    'mapping',
    await app.ok('appetite:set-mapping', {
      levels: { ...DEFAULT_APPETITE_MAPPING, open: { appetite: 10, tolerance: 15 } },
    } as never),
  );
  const latest = (await app.ok('risks:list', {})).find((x) => x.id === r1.id);
  if (!latest) throw new Error('no R1');
  version(
    'override',
    await app.ok('risks:set-appetite-override', {
      id: r1.id,
      version: latest.version,
      level: 'open',
      reason: 'Invest to save',
    }),
  );
  await refused(
    'override stale',
    app.fail('risks:set-appetite-override', { id: r1.id, version: r1.version, level: 'eager', reason: 'x' }),
  );

  // Escalation rules.
  const rule: EscalationRuleInput = {
    label: 'Red now',
    when: { metric: 'current-score', op: '>=', value: 15 },
    then: 'escalate',
    to: 'Leadership board',
  };
  const rules = await app.ok('escalation:set-rules', { rules: [rule] });
  say('rules', rules.length);
  await app.ok('escalation:set-rules', { rules: [{ ...rules[0], disabled: true }], reason: 'Paused' });

  // Undo of each kind, so the writes the undo makes through the same functions are covered too.
  const all = await app.ok('history:list', { limit: 5000 });
  for (const e of [...all].reverse()) {
    const r = await app.call('history:revert', { seq: e.seq });
    say(`undo #${e.seq} ${e.entity} ${e.action} ${e.field ?? ''}`, r.ok ? 'undone' : r.error.message);
  }
  return steps;
}

/** Rows with ids named by first appearance, and the chain hashed again over the named rows. */
function named(rows: HistoryRow[]): HistoryRow[] {
  const names = new Map<string, string>();
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const name = (s: string | null) =>
    s === null
      ? null
      : s.replace(uuid, (id) => {
          const known = names.get(id);
          if (known) return known;
          const n = `id-${names.size + 1}`;
          names.set(id, n);
          return n;
        });
  let prev = GENESIS_HASH;
  return rows.map((r) => {
    const row = {
      seq: r.seq,
      entity: r.entity,
      entity_id: name(r.entity_id) ?? '',
      label: r.label,
      action: r.action,
      field: r.field,
      old_value: name(r.old_value),
      new_value: name(r.new_value),
      reason: name(r.reason),
      at: r.at,
      by: r.by,
    };
    const hash = entryHash(prev, row);
    const out = { ...row, prev_hash: prev, hash };
    prev = hash;
    return out;
  });
}

it('writes the same history rows, versions and messages as before the shared helper', async () => {
  const steps = await script();
  const db = app.session.db;
  expect(verifyHistory(db).ok).toBe(true);
  const rows = db.prepare('SELECT * FROM history ORDER BY seq').all() as HistoryRow[];
  const transcript: Transcript = { steps, history: named(rows) };
  const text = `${JSON.stringify(transcript, null, 1)}\n`;
  if (process.env.REPLAY_FIXTURE === 'write') writeFileSync(FIXTURE, text);
  expect(existsSync(FIXTURE), `${FIXTURE} is missing`).toBe(true);
  const want = readFileSync(FIXTURE, 'utf8');
  // Byte for byte; on a difference, the parsed form says where.
  if (text !== want) expect(JSON.parse(text)).toEqual(JSON.parse(want));
  expect(text).toBe(want);
});
