/**
 * `countRisks` (register:status's riskCount) counts without reading the risk rows (migration 0180): all risks on the
 * position index less the archived ones on the partial `risks_archived` index — and still counts only live risks.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { countRisks } from '../../db/risks.ts';
import type { App, TempDir } from './helpers.ts';
import { makeApp, makeTempDir } from './helpers.ts';

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir('rr-count-');
  app = makeApp();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const plan = (sql: string): string =>
  (app.session.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');

it('counts live risks through archive and restore, as a full count does, without scanning the table', async () => {
  await app.ok('register:create', { path: tmp.file('reg.riskregister'), sample: true });
  const direct = () =>
    app.session.db.prepare('SELECT COUNT(*) FROM risks WHERE archived_at IS NULL').pluck().get() as number;
  expect((await app.ok('register:status', {}))?.riskCount).toBe(19);
  const risks = await app.ok('risks:list', { includeArchived: false });
  const [a, b] = risks as [(typeof risks)[0], (typeof risks)[0]];
  await app.ok('risks:archive', { id: a.id, version: a.version });
  const archivedB = await app.ok('risks:archive', { id: b.id, version: b.version });
  expect((await app.ok('register:status', {}))?.riskCount).toBe(17);
  expect(countRisks(app.session.db)).toBe(direct());
  await app.ok('risks:restore', { id: b.id, version: archivedB.version });
  expect((await app.ok('register:status', {}))?.riskCount).toBe(18);
  expect(countRisks(app.session.db)).toBe(direct());

  const counting = plan(
    'SELECT (SELECT COUNT(*) FROM risks) - (SELECT COUNT(*) FROM risks WHERE archived_at IS NOT NULL)',
  );
  expect(counting).toContain('COVERING INDEX risks_archived');
  expect(counting).not.toMatch(/SCAN risks(?! USING COVERING INDEX)/);
  // The list's scan of live risks does not switch to the new index.
  expect(plan('SELECT r.id FROM risks r WHERE r.archived_at IS NULL')).not.toContain('risks_archived');
});
