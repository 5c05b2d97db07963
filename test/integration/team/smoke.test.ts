import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, rr } from './team-helpers.ts';

let pg: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  pg = await startCluster();
  tmp = makeTempDir('rr-team-');
}, 60_000);
afterAll(() => {
  pg?.stop();
  tmp?.cleanup();
});

it('smoke', async () => {
  const a = tmp.file('a.riskreg');
  console.log(await ok(['init', '--db', a, '--sample']));
  console.log(await ok(['team', 'publish', '--db', a, '--server', pg.adminUrl()]));
  console.log(
    await ok(
      [
        'team',
        'add-user',
        'sam',
        '--role',
        'owner',
        '--owner',
        'SP',
        '--server',
        pg.adminUrl(),
        '--password-stdin',
      ].slice(0, 9),
    ),
  );
  const b = tmp.file('b.riskreg');
  const r = await rr(['team', 'join', '--server', pg.url('postgres', 'x'), '--db', b]);
  console.log(r);
  console.log(await ok(['team', 'status', '--db', a]));
  console.log(await ok(['set-score', 'SR1', '--impact', '5', '--likelihood', '5', '--db', a]));
  console.log(await ok(['team', 'status', '--db', a]));
  console.log(await ok(['sync', '--db', a]));
  console.log(await ok(['sync', '--db', b]));
  console.log(await ok(['audit', 'verify', '--db', b]));
  console.log(await ok(['team', 'verify', '--server', pg.adminUrl()]));
  expect(1).toBe(1);
}, 120_000);
