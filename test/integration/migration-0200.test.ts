/**
 * Migration 200 (issue 14): the team's capture triggers exist only on team registers. A register built at version
 * 190 opens and upgrades: a solo one loses the capture triggers and nothing else (schema and rows otherwise as they
 * were), a team one keeps them as they were; both behave afterwards. A register that becomes a team register after
 * an import (its `team` row and `installCaptureTriggers`, what publish and join do in one transaction) captures a
 * write exactly as a register that was a team register all along. Migration 210 drops `risks_first_review` (the
 * writers set the date: test/integration/import/first-review.test.ts) and 220 two indexes; the upgrades here go
 * through them too. An import's commit failing midway still leaves a solo or a team register as it was, outbox and
 * sequences included.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, closeRegister, createRegisterFile } from '../../db/connection.ts';
import { verifyHistory } from '../../db/history.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../db/migrations/index.ts';
import { RiskBatch } from '../../db/risk-writes.ts';
import { captureTriggerNames, installCaptureTriggers } from '../../db/team/row-spec.ts';
import { bulkWriteTransaction } from '../../db/transaction.ts';
import type { App, TempDir } from './helpers.ts';
import { makeApp, makeTempDir } from './helpers.ts';

let tmp: TempDir;
const apps: App[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
  tmp.cleanup();
});

const T = '2026-03-01T09:00:00.000Z';
/** The indexes migration 220 drops (test/integration/migration-0220.test.ts). */
const DROPPED_AT_220 = ['risk_owners_owner', 'risks_category'];
const TEAM_ROW = "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')";

/** The same clock for every app, so two registers written alike hold the same values. */
function fixedApp(): App {
  let t = Date.UTC(2026, 10, 30, 12, 0);
  const app = makeApp({
    now: () => {
      t += 1000;
      return new Date(t);
    },
  });
  apps.push(app);
  return app;
}

/** A register at version 190 with a category, two owners and a risk linked to both; a team replica if asked. */
function registerAt190(path: string, team: boolean): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(raw, 190).at(-1)).toBe(190);
  raw.exec(`
    BEGIN;
    INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '${T}');
    INSERT INTO owners (id, initials, name, created_at)
      VALUES ('o1', 'AA', 'Ann Able', '${T}'), ('o2', 'BB', 'Bob Bell', '${T}');
    INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at,
                       updated_at, review_cycle, confidential)
      VALUES ('r1', 'SR1', 'c1', 'Grant dependence', 4, 2, 'Reserves', 1, '${T}', '${T}', 'monthly', 0);
    INSERT INTO risk_owners (risk_id, owner_id, position) VALUES ('r1', 'o2', 1), ('r1', 'o1', 2);
    ${team ? `${TEAM_ROW};` : ''}
    COMMIT;
  `);
  expect(schemaVersion(raw)).toBe(190);
  raw.close();
}

type Row = Record<string, unknown>;
const all = (db: Database.Database, sql: string): Row[] => db.prepare(sql).all() as Row[];
const schemaOf = (db: Database.Database): Row[] =>
  all(db, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name');
const rowsOf = (db: Database.Database): Row[] =>
  ['categories', 'owners', 'risks', 'risk_owners', 'history', 'team', 'team_outbox'].flatMap((t) =>
    all(db, `SELECT '${t}' AS t, rowid AS r, * FROM ${t} ORDER BY rowid`),
  );
const captureIn = (db: Database.Database): string[] =>
  (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(JSON.stringify(captureTriggerNames())) as string[]
  ).sort();

/** Two risks through the import, with an owner (CD) and a category (Estates) the register did not have. */
async function importAndEdit(app: App): Promise<void> {
  const csv = tmp.file(`risks-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(
    csv,
    'Ref,Category,Description of risk,Impact,Likelihood,Owner\nIM1,Finance,Supplier fails,3,4,AA\nIM2,Estates,Roof leaks,2,2,CD\n',
  );
  const fileHash = (await app.ok('import:preview', { path: csv }))?.fileHash;
  await app.ok('import:commit', { path: csv, fileHash, accept: [] });
}

async function editAfter(app: App): Promise<void> {
  const risks = await app.ok('risks:list', {});
  const im1 = risks.find((r) => r.ref === 'IM1');
  if (!im1) throw new Error('IM1 not imported');
  await app.ok('risks:update-score', {
    id: im1.id,
    version: im1.version,
    which: 'current',
    impact: 5,
    likelihood: 5,
    reason: 'Worse',
  });
}

/**
 * The outbox as captured, without what differs by nature between two registers: op ids, row capture stamps, and
 * the outbox's own sequence (one register's outbox was emptied after its import, as a push would).
 */
function outboxOf(db: Database.Database): Row[] {
  const ids = new Map<string, string>();
  const canon = (s: unknown) =>
    typeof s === 'string'
      ? s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => {
          if (!ids.has(u)) ids.set(u, `ID${ids.size}`);
          return ids.get(u) ?? '';
        })
      : s;
  return all(db, 'SELECT * FROM team_outbox ORDER BY rowid').map((o) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(o)) if (k !== 'id') out[k] = k === 'op_id' ? '' : canon(v);
    if (o.entity === 'row') out.at = '';
    return out;
  });
}

describe('migration 200: the capture triggers only on team registers', () => {
  it('a fresh register has none of them; its other triggers are there', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(captureIn(db)).toEqual([]);
    const names = all(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'").map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['history_no_update', 'history_no_delete', 'snapshots_no_delete']),
    );
    expect(names).not.toContain('risks_first_review');
    installCaptureTriggers(db);
    expect(captureIn(db)).toEqual([...captureTriggerNames()].sort());
    db.close();
  });

  it('a solo register at 190 upgrades: the capture triggers go, nothing else changes, and it behaves', async () => {
    const path = tmp.file('solo190.riskreg');
    registerAt190(path, false);
    const before = new Database(path, { readonly: true });
    const schemaBefore = schemaOf(before);
    const rowsBefore = rowsOf(before);
    expect(captureIn(before)).toHaveLength(captureTriggerNames().length);
    before.close();

    const app = fixedApp();
    await app.ok('register:open', { path });
    const db = app.session.db;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(captureIn(db)).toEqual([]);
    const gone = new Set([...captureTriggerNames(), 'risks_first_review', ...DROPPED_AT_220]);
    expect(schemaOf(db)).toEqual(schemaBefore.filter((r) => !gone.has(String(r.name))));
    expect(rowsOf(db)).toEqual(rowsBefore);

    await importAndEdit(app);
    await editAfter(app);
    // SR1 as the trigger dated it at 190 (monthly), the imported risks' date (quarterly) from their writer.
    expect(all(db, 'SELECT ref, next_review FROM risks ORDER BY position')).toEqual([
      { ref: 'SR1', next_review: '2026-04-01' },
      { ref: 'IM1', next_review: '2027-02-28' },
      { ref: 'IM2', next_review: '2027-02-28' },
    ]);
    expect(all(db, 'SELECT * FROM team_outbox')).toEqual([]);
    expect(verifyHistory(db).ok).toBe(true);
  });

  it('a team register at 190 upgrades keeping its capture triggers as they were, and captures', async () => {
    const path = tmp.file('team190.riskreg');
    registerAt190(path, true);
    const before = new Database(path, { readonly: true });
    const schemaBefore = schemaOf(before);
    before.close();

    const app = fixedApp();
    await app.ok('register:open', { path });
    const db = app.session.db;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const gone = new Set(['risks_first_review', ...DROPPED_AT_220]);
    expect(schemaOf(db)).toEqual(schemaBefore.filter((r) => !gone.has(String(r.name))));
    expect(captureIn(db)).toEqual([...captureTriggerNames()].sort());
    await importAndEdit(app);
    await editAfter(app);
    const ops = outboxOf(db);
    // Per imported risk its history row and its row image, then the import's own entry, the owner CD, the category
    // Estates, and the score change.
    expect(ops.filter((o) => o.entity === 'row' && o.label === 'risks')).toHaveLength(2);
    expect(ops.some((o) => o.entity === 'risk' && o.action === 'update')).toBe(true);
  });

  it('a register that becomes a team register after an import captures a write as one that always was', async () => {
    // Always a team register (upgraded from 190 with its team row), the import made there.
    const always = tmp.file('always.riskreg');
    registerAt190(always, true);
    const a = fixedApp();
    await a.ok('register:open', { path: always });
    await importAndEdit(a);
    a.session.db.prepare('DELETE FROM team_outbox').run();

    // Solo at 190, upgraded, the import made solo (nothing captured), then made a team register as publish does.
    const later = tmp.file('later.riskreg');
    registerAt190(later, false);
    const b = fixedApp();
    await b.ok('register:open', { path: later });
    await importAndEdit(b);
    const db = b.session.db;
    expect(all(db, 'SELECT * FROM team_outbox')).toEqual([]);
    db.transaction(() => {
      db.prepare(TEAM_ROW).run();
      installCaptureTriggers(db);
    })();
    expect(schemaOf(db)).toEqual(schemaOf(a.session.db));

    await editAfter(a);
    await editAfter(b);
    const captured = outboxOf(a.session.db);
    expect(captured.length).toBeGreaterThan(0);
    expect(outboxOf(db)).toEqual(captured);
  });

  it('an import commit that fails midway leaves a solo and a team register as they were, outbox included', () => {
    for (const team of [false, true]) {
      const reg = createRegisterFile(tmp.file(`midway-${team}.riskreg`));
      const db = reg.db;
      if (team) {
        db.transaction(() => {
          db.prepare(TEAM_ROW).run();
          installCaptureTriggers(db);
        })();
      }
      const state = () => [...rowsOf(db), ...all(db, 'SELECT * FROM sqlite_sequence ORDER BY name')];
      const before = state();
      const ctx = { now: '2026-11-30T12:00:00.000Z', by: 'Tester' };
      expect(() =>
        bulkWriteTransaction(db, () => {
          const batch = new RiskBatch(db, ctx, 'import');
          for (let i = 1; i <= 250; i += 1) {
            batch.add(
              {
                ref: `MW${i}`,
                category: 'Finance',
                description: `Risk ${i}`,
                impact: 3,
                likelihood: 2,
                inherent: null,
                target: null,
                mitigation: '',
                owners: ['AB'],
              },
              i,
            );
          }
          batch.flush();
          // Captured on the team register: 250 history rows, their row images, the new owner and category.
          expect(all(db, 'SELECT count(*) AS n FROM team_outbox')).toEqual([{ n: team ? 502 : 0 }]);
          throw new Error('midway');
        }),
      ).toThrow('midway');
      expect(state()).toEqual(before);
      closeRegister(reg);
    }
  });
});
