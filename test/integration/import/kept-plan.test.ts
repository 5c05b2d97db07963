/**
 * The plan checked at preview is the plan the commit writes (issue 14): the commit of the file previewed, with the
 * same mapping, does not read and check the file again — so it must refuse when the register changed in between
 * (another risk, the Key, the remembered columns), leaving the register exactly as it was, and it must write exactly
 * what a commit that checks the file itself writes: the same risks, owners, history rows and an unbroken chain.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { writeAll } from '../../fixtures/import/real-shapes/generate.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

const FIXTURE = resolve('../shared/fixtures/lga-strategic-risk-register-2019-04.csv');

let tmp: TempDir;
let apps: App[];

beforeEach(() => {
  tmp = makeTempDir('rr-kept-plan-');
  apps = [];
});
afterEach(() => {
  for (const a of apps) a.close();
  tmp.cleanup();
});

async function registerApp(name: string): Promise<{ app: App; path: string }> {
  const app = makeApp();
  apps.push(app);
  const path = tmp.file(name);
  await app.ok('register:create', { path });
  return { app, path };
}

/** Every row of every table, plus the bytes of the file and its journal. */
function registerState(app: App, path: string) {
  const conn = app.session.db;
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(
    tables.map((t) => [t, conn.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
  );
  return { rows, file: fingerprint(path), wal: fingerprint(`${path}-wal`) };
}

/** What the register holds, without ids, times and hashes (which differ between two registers). */
function content(app: App) {
  const conn = app.session.db;
  const risks = conn
    .prepare(
      `SELECT r.ref, r.title, c.name AS category, r.description, r.impact, r.likelihood, r.inherent_impact,
              r.inherent_likelihood, r.target_impact, r.target_likelihood, r.mitigation, r.position, r.review_cycle,
              r.next_review, r.cause, r.event, r.effect,
              (SELECT json_group_array(o.initials) FROM (SELECT o.initials FROM risk_owners ro
                 JOIN owners o ON o.id = ro.owner_id WHERE ro.risk_id = r.id ORDER BY ro.position) o) AS owners
         FROM risks r JOIN categories c ON c.id = r.category_id ORDER BY r.position`,
    )
    .all();
  const history = (
    conn
      .prepare(
        'SELECT seq, entity, label, action, field, old_value, new_value, reason FROM history ORDER BY seq',
      )
      .all() as Record<string, unknown>[]
  ).map((h) => ({ ...h, new_value: JSON.parse(String(h['new_value'])) as unknown }));
  const owners = conn.prepare('SELECT initials, name FROM owners ORDER BY initials').all();
  return { risks, history, owners };
}

describe('the plan kept from the preview', () => {
  it('writes exactly what a commit that checks the file again writes, with an unbroken history chain', async () => {
    // Columns the register does not hold (Status), a job-title owner and a row whose owners repeat.
    const csv = tmp.file('kept.csv');
    writeFileSync(
      csv,
      'Ref,Category,Description of risk,Impact,Likelihood,Mitigation,Owner,Status\n' +
        'K1,Finance,Funding falls short,4,3,Reserves policy,SP/VV,Open\n' +
        'K2,People,Key staff leave,3,3,Succession plans,Head of Legal Services,Closed\n' +
        'K3,finance,Budget overspend,2,5,Monthly monitoring,VV/SP/VV,\n',
    );
    const kept = await registerApp('kept.riskregister');
    const direct = await registerApp('direct.riskregister');
    for (const file of [FIXTURE, csv]) {
      const p = await kept.app.ok('import:preview', { path: file });
      if (!p) throw new Error('no preview');
      await kept.app.ok('import:commit', { path: file, fileHash: p.fileHash });
      // No preview in this window: the commit reads and checks the file itself.
      await direct.app.ok('import:commit', { path: file });
    }
    const a = content(kept.app);
    const b = content(direct.app);
    expect(a.risks).toHaveLength(22);
    expect(a).toEqual(b);
    const last = a.history.at(-1)?.new_value as Record<string, unknown>;
    expect(last['keptFromColumnsNotImported']).toEqual([
      { row: 2, ref: 'K1', values: { Status: 'Open' } },
      { row: 3, ref: 'K2', values: { Status: 'Closed' } },
    ]);
    for (const app of [kept.app, direct.app]) {
      expect(verifyHistory(app.session.db)).toMatchObject({ ok: true, entries: a.history.length });
    }
  });

  it('writes (or refuses) each real-shapes file, county and district included, as a commit that checks it again', async () => {
    // Issue 14: the kept plan holds slim rows and the summary made at preview; what it writes, the answer and the
    // refusal must be those of the whole plan.
    const files = await writeAll(tmp.dir);
    const seen: string[] = [];
    for (const [name, file] of Object.entries(files)) {
      const kept = await registerApp(`kept-${name}.riskregister`);
      const direct = await registerApp(`direct-${name}.riskregister`);
      const p = await kept.app.ok('import:preview', { path: file });
      if (!p) throw new Error('no preview');
      const blocked = p.fileErrors.length > 0 || p.counts.importable !== p.counts.rows - p.counts.skipped;
      if (blocked) {
        const before = registerState(kept.app, kept.path);
        const a = await kept.app.fail('import:commit', { path: file, fileHash: p.fileHash });
        const b = await direct.app.fail('import:commit', { path: file });
        expect({ name, code: a.code, message: a.message, details: a.details }).toEqual({
          name,
          code: b.code,
          message: b.message,
          details: b.details,
        });
        expect(registerState(kept.app, kept.path)).toEqual(before);
        seen.push(`${name} refused`);
        continue;
      }
      const a = await kept.app.ok('import:commit', { path: file, fileHash: p.fileHash });
      const b = await direct.app.ok('import:commit', { path: file });
      expect({ name, ...a }).toEqual({ name, ...b });
      expect(content(kept.app)).toEqual(content(direct.app));
      expect(verifyHistory(kept.app.session.db).ok).toBe(true);
      seen.push(`${name} imported ${a.imported}`);
    }
    // Both ways are exercised: as they are (no repairs accepted) the county workbook and the district action plan
    // are refused — the same message and details from the slim rows — and the town's action rows import.
    expect(seen).toEqual(
      expect.arrayContaining(['county refused', 'actionPlan refused', 'actionRows imported 3']),
    );
  });

  it('refuses when a risk was added between preview and commit, leaving the register as it was', async () => {
    const { app, path } = await registerApp('changed.riskregister');
    const p = await app.ok('import:preview', { path: FIXTURE });
    if (!p) throw new Error('no preview');
    // A ref the file does not use: the file would still import, but not against the register it was checked on.
    await app.ok('risks:create', {
      ref: 'NEW1',
      category: 'Climate',
      description: 'Flooding closes the head office.',
      impact: 4,
      likelihood: 4,
      owners: ['ZZ'],
    });
    const before = registerState(app, path);
    const err = await app.fail('import:commit', { path: FIXTURE, fileHash: p.fileHash });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('The register has changed since lga-strategic-risk-register-2019-04.csv');
    expect(err.message).toContain('Preview the file again, then import.');
    expect(registerState(app, path)).toEqual(before);
    // Previewed again, it imports.
    const again = await app.ok('import:preview', { path: FIXTURE });
    if (!again) throw new Error('no preview');
    const done = await app.ok('import:commit', { path: FIXTURE, fileHash: again.fileHash });
    expect(done.imported).toBe(19);
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });

  it('refuses when the file was changed after its preview, even without the hash in the request', async () => {
    const { app, path } = await registerApp('file.riskregister');
    const csv = tmp.file('edited.csv');
    writeFileSync(
      csv,
      'Ref,Category,Description of risk,Impact,Likelihood,Mitigation,Owner\nSR1,F,A,4,3,M,SP\n',
    );
    const p = await app.ok('import:preview', { path: csv });
    if (!p) throw new Error('no preview');
    writeFileSync(
      csv,
      'Ref,Category,Description of risk,Impact,Likelihood,Mitigation,Owner\nSR1,F,B,4,3,M,SP\n',
    );
    const before = registerState(app, path);
    const err = await app.fail('import:commit', { path: csv });
    expect(err).toMatchObject({
      code: 'CONFLICT',
      message: 'edited.csv has changed since it was previewed. Preview it again, then import.',
    });
    expect(registerState(app, path)).toEqual(before);
  });
});
