/**
 * A manager changes a category (its position, by reordering) or an owner (their role) and then renames it, offline,
 * before syncing (found by the convergence property, seed -1329148122, docs/team.md). The server accepts both; the
 * pull brings the first change back under the old key while the laptop already holds the row under the new one. The
 * laptop must find its row through the rename later in the same pull, not add a second row under the old key (the
 * sync failed with "UNIQUE constraint failed: categories.name" and the laptop never synced again). Checked on that
 * laptop and on a second one, against the server's rows, with PostgreSQL really running.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { addUser } from '../../../db/team/server.ts';
import { connect } from '../../../db/team/connect.ts';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, replicaRows, syncOnce } from './team-helpers.ts';

let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-rename-');
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
}, 60_000);

it('a category reordered then renamed, and an owner changed then renamed, offline: one row each everywhere', async () => {
  const admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  await admin.query('CREATE DATABASE reg');
  await admin.end();
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl('reg')]);
  const mgr = await connect(cluster.adminUrl('reg'));
  try {
    const laptops: { file: string; url: string }[] = [];
    for (const name of ['ma', 'mb']) {
      await addUser(mgr, name, 'manager', undefined, `password-${name}-xyz`);
      const url = `postgresql://${name}:password-${name}-xyz@127.0.0.1:${cluster.port}/reg`;
      const file = tmp.file(`${name}.riskreg`);
      await ok(['team', 'join', '--server', url, '--db', file]);
      laptops.push({ file, url });
    }
    const [a, b] = laptops;
    if (!a || !b) throw new Error('two laptops');
    const app = makeApp({ now: () => new Date() });
    let names: string[];
    try {
      await app.ok('register:open', { path: a.file });
      const list = await app.ok('categories:list', {});
      const first = list[0];
      if (!first) throw new Error('no category');
      // The first category moved to the end, then renamed.
      await app.ok('categories:reorder', { ids: [...list.slice(1), first].map((c) => c.id) });
      const moved = (await app.ok('categories:list', {})).find((c) => c.id === first.id);
      if (!moved) throw new Error('moved');
      await app.ok('categories:rename', {
        id: moved.id,
        version: moved.version,
        name: `${moved.name} Renamed`,
      });
      names = (await app.ok('categories:list', {})).map((c) => c.name);
      // An owner given another role, then new initials.
      const owner = (await app.ok('owners:list', {}))[0];
      if (!owner) throw new Error('no owner');
      const changed = await app.ok('owners:update', {
        id: owner.id,
        version: owner.version,
        changes: { role: 'Head of Finance' },
      });
      await app.ok('owners:update', {
        id: changed.id,
        version: changed.version,
        changes: { initials: `${owner.initials}X` },
      });
    } finally {
      app.close();
    }
    const categoriesBefore = replicaRows(a.file, 'categories');
    const ownersBefore = replicaRows(a.file, 'owners');
    expect(await syncOnce(a.file, a.url)).toBeNull();
    expect(await syncOnce(b.file, b.url)).toBeNull();
    expect(await syncOnce(a.file, a.url)).toBeNull();
    const server = (
      await mgr.query<{ tbl: string; data: Record<string, unknown> }>(
        "SELECT tbl, data FROM risk_register.rows WHERE tbl IN ('categories', 'owners')",
      )
    ).rows;
    const sorted = (xs: unknown[], k: string) =>
      [...xs].sort((x, y) => {
        const p = String((x as Record<string, unknown>)[k]);
        const q = String((y as Record<string, unknown>)[k]);
        return p < q ? -1 : p > q ? 1 : 0;
      });
    // The laptop that made the changes keeps exactly its rows; the other laptop and the server hold the same.
    expect(replicaRows(a.file, 'categories')).toEqual(categoriesBefore);
    expect(replicaRows(a.file, 'owners')).toEqual(ownersBefore);
    expect(replicaRows(b.file, 'categories')).toEqual(categoriesBefore);
    expect(replicaRows(b.file, 'owners')).toEqual(ownersBefore);
    expect(
      sorted(
        server.filter((r) => r.tbl === 'categories').map((r) => r.data),
        'name',
      ),
    ).toEqual(sorted(categoriesBefore, 'name'));
    expect(
      sorted(
        server.filter((r) => r.tbl === 'owners').map((r) => r.data),
        'initials',
      ),
    ).toEqual(sorted(ownersBefore, 'initials'));
    const appB = makeApp({ now: () => new Date() });
    try {
      await appB.ok('register:open', { path: b.file });
      expect((await appB.ok('categories:list', {})).map((c) => c.name)).toEqual(names);
    } finally {
      appB.close();
    }
    for (const { file } of laptops) {
      const open = openRegisterFile(file);
      try {
        expect(verifyHistory(open.db).ok).toBe(true);
        expect(open.db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
      } finally {
        open.db.close();
      }
    }
  } finally {
    await mgr.end();
  }
}, 300_000);
