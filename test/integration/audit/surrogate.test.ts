import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { appendHistory, verifyHistory } from '../../../db/history.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let path: string;

beforeEach(async () => {
  tmp = makeTempDir();
  app = makeApp();
  path = tmp.file('surrogate.riskreg');
  await app.ok('register:create', { path, sample: true });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

describe('an unpaired UTF-16 surrogate', () => {
  it('is refused at the door with VALIDATION naming the field, and nothing is written', async () => {
    const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('SR4 missing');
    const seqBefore = app.session.db.prepare('SELECT MAX(seq) FROM history').pluck().get();
    const error = await app.fail('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 5,
      likelihood: 5,
      reason: 'Budget gap \uD83D widening',
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^reason: holds a broken character/);
    expect(app.session.db.prepare('SELECT MAX(seq) FROM history').pluck().get()).toBe(seqBefore);
    expect((await app.ok('risks:get', { id: sr4.id })).impact).toBe(sr4.impact);
  });

  it('written by any other path is hashed as stored, so the chain still verifies after reopening', () => {
    // The write path below the door (an import file, a future handler): the hash must match what SQLite keeps.
    const db = app.session.db;
    db.transaction(() =>
      appendHistory(db, [
        {
          entity: 'register',
          entityId: 'register',
          label: 'Lone \uDC00 label',
          action: 'update',
          field: 'name',
          oldValue: 'a\uD800',
          newValue: 'b',
          reason: 'Typed on a broken keyboard \uD83D',
          at: new Date().toISOString(),
          by: 'Alice \uD800',
        },
      ]),
    )();
    app.close();
    const reg = openRegisterFile(path);
    try {
      const stored = reg.db.prepare('SELECT reason, by, label FROM history ORDER BY seq DESC LIMIT 1').get();
      expect(stored).toEqual({
        reason: 'Typed on a broken keyboard \uFFFD',
        by: 'Alice \uFFFD',
        label: 'Lone \uFFFD label',
      });
      expect(verifyHistory(reg.db).ok).toBe(true);
    } finally {
      reg.db.close();
    }
  });

  it('hashes each appended row by the chain formula written out here (issue 14: the batch writer must not move it)', () => {
    const db = app.session.db;
    const at = '2026-11-30T11:00:00.000Z';
    const entries = [
      { newValue: { ref: 'X1', description: 'Quote " and \\ and é – \uD800' }, reason: 'Imported \uDC00' },
      { newValue: null, reason: null },
    ].map((e, n) => ({
      entity: 'risk' as const,
      entityId: `id-${n}`,
      label: `X${n}`,
      action: 'import' as const,
      field: null,
      oldValue: n === 1 ? ['a', 1] : null,
      newValue: e.newValue,
      reason: e.reason,
      at,
      by: 'Tester',
    }));
    db.transaction(() => appendHistory(db, entries))();
    const rows = db.prepare('SELECT * FROM history ORDER BY seq DESC LIMIT 2').all().reverse() as Record<
      string,
      unknown
    >[];
    const fix = (v: string | null) => (v === null ? null : v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
    rows.forEach((row, n) => {
      const e = entries[n];
      if (!e) throw new Error(`no entry ${n}`);
      const canonical = JSON.stringify([
        row['seq'],
        e.entity,
        e.entityId,
        e.label,
        e.action,
        e.field,
        // JSON of the value (null too: only an absent value is stored as NULL).
        JSON.stringify(e.oldValue),
        fix(JSON.stringify(e.newValue)),
        fix(e.reason),
        e.at,
        e.by,
      ]);
      const hash = createHash('sha256')
        .update(String(row['prev_hash']))
        .update('\n')
        .update(canonical)
        .digest('hex');
      expect(row['hash']).toBe(hash);
      if (n === 1) expect(row['prev_hash']).toBe(rows[0]?.['hash']);
    });
    expect(verifyHistory(db).ok).toBe(true);
  });
});
