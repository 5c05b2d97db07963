/**
 * Property: 2–5 laptops (managers) make random offline edits and sync in a random order through a proxy that
 * randomly loses the server's reply after it committed. The edits: risk scores and text; actions added and edited;
 * reviews recorded; controls added (linked to one or several risks, with an effectiveness), assessed and linked to
 * further risks, unlinked, and deleted (unlinked from every risk first); assurance added and its strength changed;
 * objectives added (refs from a small set, so two laptops often give one the same ref offline, and the server
 * moves the later aside), renamed, and linked to or unlinked from risks; new owners and categories (the same
 * initials or name may be added offline on two laptops); owners renamed (to initials other laptops may also pick),
 * given other details, merged and removed; categories renamed (to names other laptops may also give) and merged;
 * treatments and acceptance, key changes, the register settings that travel, snapshots, escalation rules (added,
 * edited, off and on) and category reordering; and an owner-role and a viewer laptop whose refused writes must each
 * be listed as a rejected change there (see the end of this file). After everyone has synced twice with the network
 * healthy, every laptop holds exactly the server's risks, history (same hashes) and shared rows (every table of
 * db/team/row-spec.ts, equal to the server's `rows`), the chain verifies (and `audit verify` says so on one laptop),
 * integrity_check is clean,
 * every operation any laptop recorded has an answer on the server (none lost), applied at most once, and no two
 * objectives share a ref. fast-check prints the seed and the shrunk steps of a failing run.
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { addUser } from '../../../db/team/server.ts';
import { connect } from '../../../db/team/connect.ts';
import { syncRound } from '../../../db/team/sync.ts';
import { REPLICATED, rowImagesSql } from '../../../db/team/row-spec.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import type { Proxy } from './tcp-proxy.ts';
import { startProxy } from './tcp-proxy.ts';
import { ok, readReplica } from './team-helpers.ts';

let cluster: PgCluster;
let proxy: Proxy;
let tmp: TempDir;
let run = 0;

beforeAll(async () => {
  cluster = await startCluster();
  proxy = await startProxy(cluster.port);
  tmp = makeTempDir('rr-team-prop-');
}, 60_000);
// Stopping the cluster waits for PostgreSQL to shut down: slow on a loaded machine.
afterAll(async () => {
  await proxy?.close();
  cluster?.stop();
  tmp?.cleanup();
}, 60_000);

type Effect = 'effective' | 'partial' | 'ineffective' | 'unassessed';
type Strength = 'substantial' | 'reasonable' | 'limited' | 'none';

type Step =
  | { kind: 'score'; laptop: number; risk: number; impact: number; likelihood: number }
  | { kind: 'text'; laptop: number; risk: number; text: string }
  | { kind: 'action'; laptop: number; risk: number; text: string }
  | { kind: 'action-edit'; laptop: number; risk: number; text: string; done: boolean }
  | { kind: 'review'; laptop: number; risk: number; note: string }
  | { kind: 'control'; laptop: number; risks: number[]; text: string; effectiveness: Effect }
  | { kind: 'control-assess'; laptop: number; control: number; effectiveness: Effect }
  | { kind: 'control-link'; laptop: number; control: number; risk: number }
  | { kind: 'assurance'; laptop: number; risk: number; line: 1 | 2 | 3 | 4; strength: Strength }
  | { kind: 'assurance-edit'; laptop: number; risk: number; strength: Strength }
  | { kind: 'objective'; laptop: number; title: string; ref: ObjRef }
  | { kind: 'objective-rename'; laptop: number; objective: number; ref: ObjRef }
  | { kind: 'objective-link'; laptop: number; objective: number; risk: number; linked: boolean }
  | { kind: 'owner'; laptop: number; initials: string; name: string }
  | { kind: 'category'; laptop: number; name: string }
  | { kind: 'owner-change'; laptop: number; owner: number; change: OwnerChange; to: string }
  | { kind: 'category-change'; laptop: number; category: number; change: 'rename' | 'merge'; to: string }
  | { kind: 'control-unlink'; laptop: number; control: number; risk: number }
  | { kind: 'control-delete'; laptop: number; control: number }
  | { kind: 'sync'; laptop: number; dropAfter: number | null }
  | ExtraStep;

/** Objective refs from a small set, so two laptops often give a new objective the same ref offline. */
type ObjRef = 'OBJ-A' | 'OBJ-B' | 'OBJ-C';
const OBJ_REFS: readonly ObjRef[] = ['OBJ-A', 'OBJ-B', 'OBJ-C'];
type OwnerChange = 'rename' | 'details' | 'merge' | 'delete';
// All four, merges included: an owner merged on one laptop into an owner renamed meanwhile on another lands on the
// renamed owner (server schema 5 follows the initials; seed -1329148122 found it, see docs/team.md).
const OWNER_CHANGES: readonly OwnerChange[] = ['rename', 'details', 'merge', 'delete'];

const EFFECTS: readonly Effect[] = ['effective', 'partial', 'ineffective', 'unassessed'];
const STRENGTHS: readonly Strength[] = ['substantial', 'reasonable', 'limited', 'none'];

const stepArb = (laptops: number): fc.Arbitrary<Step> => {
  const laptop = fc.nat({ max: laptops - 1 });
  const risk = fc.nat({ max: 4 });
  return fc.oneof(
    fc.record({
      kind: fc.constant('score' as const),
      laptop,
      risk,
      impact: fc.integer({ min: 1, max: 5 }),
      likelihood: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({
      kind: fc.constant('text' as const),
      laptop,
      risk,
      text: fc.constantFrom('Alpha', 'Beta', 'Gamma'),
    }),
    fc.record({
      kind: fc.constant('action' as const),
      laptop,
      risk: fc.nat({ max: 1 }),
      text: fc.constantFrom('Call the insurer', 'Brief cabinet'),
    }),
    fc.record({
      kind: fc.constant('action-edit' as const),
      laptop,
      risk: fc.nat({ max: 1 }),
      text: fc.constantFrom('Delta', 'Epsilon'),
      done: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('review' as const),
      laptop,
      risk,
      note: fc.constantFrom('', 'Looked at it with the lead', 'No change'),
    }),
    fc.record({
      kind: fc.constant('control' as const),
      laptop,
      risks: fc.uniqueArray(risk, { minLength: 1, maxLength: 3 }),
      text: fc.constantFrom('Monthly budget monitoring', 'Business continuity plan'),
      effectiveness: fc.constantFrom(...EFFECTS),
    }),
    fc.record({
      kind: fc.constant('control-assess' as const),
      laptop,
      control: fc.nat({ max: 3 }),
      effectiveness: fc.constantFrom(...EFFECTS),
    }),
    fc.record({ kind: fc.constant('control-link' as const), laptop, control: fc.nat({ max: 3 }), risk }),
    fc.record({
      kind: fc.constant('assurance' as const),
      laptop,
      risk: fc.nat({ max: 1 }),
      line: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
      strength: fc.constantFrom(...STRENGTHS),
    }),
    fc.record({
      kind: fc.constant('assurance-edit' as const),
      laptop,
      risk: fc.nat({ max: 1 }),
      strength: fc.constantFrom(...STRENGTHS),
    }),
    fc.record({
      kind: fc.constant('objective' as const),
      laptop,
      title: fc.constantFrom('Balanced budget', 'Net zero by 2030'),
      ref: fc.constantFrom(...OBJ_REFS),
    }),
    fc.record({
      kind: fc.constant('objective-rename' as const),
      laptop,
      objective: fc.nat({ max: 3 }),
      ref: fc.constantFrom(...OBJ_REFS),
    }),
    fc.record({
      kind: fc.constant('objective-link' as const),
      laptop,
      objective: fc.nat({ max: 3 }),
      risk,
      linked: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('owner' as const),
      laptop,
      initials: fc.constantFrom('PNA', 'PNB'),
      name: fc.constantFrom('Priya Nair', 'Paul Noble'),
    }),
    fc.record({ kind: fc.constant('category' as const), laptop, name: fc.constantFrom('Climate', 'Cyber') }),
    // The owner (by position in the directory, by initials) renamed, given other details, merged into the next
    // one, or removed (refused on the laptop while they own anything: nothing happens then).
    fc.record({
      kind: fc.constant('owner-change' as const),
      laptop,
      owner: fc.nat({ max: 5 }),
      change: fc.constantFrom(...OWNER_CHANGES),
      // Initials other laptops may also pick: for another owner, or for a new owner (PNA).
      to: fc.constantFrom('PNC', 'PND', 'PNA'),
    }),
    fc.record({
      kind: fc.constant('category-change' as const),
      laptop,
      category: fc.nat({ max: 5 }),
      change: fc.constantFrom('rename' as const, 'merge' as const),
      to: fc.constantFrom('Resilience', 'Climate'),
    }),
    fc.record({ kind: fc.constant('control-unlink' as const), laptop, control: fc.nat({ max: 3 }), risk }),
    fc.record({ kind: fc.constant('control-delete' as const), laptop, control: fc.nat({ max: 3 }) }),
    ...extraStepArbs(laptop, risk),
    // Syncs (with a reply lost now and then) weigh as much as a quarter of the edits together.
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('sync' as const),
        laptop,
        dropAfter: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      }),
    },
  );
};

const scenario = fc
  .integer({ min: 2, max: 5 })
  .chain((n) =>
    fc.record({ laptops: fc.constant(n), steps: fc.array(stepArb(n), { minLength: 6, maxLength: 20 }) }),
  );

function opIds(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT op_id FROM team_outbox').all() as { op_id: string }[]).map((r) => r.op_id);
  } finally {
    db.close();
  }
}

/** Every shared row of a replica, table by table, in key order. */
function sharedState(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      REPLICATED.map((t) => [
        t.table,
        (db.prepare(`${rowImagesSql(t)} ORDER BY pk`).all() as { data: string }[]).map(
          (r) => JSON.parse(r.data) as unknown,
        ),
      ]),
    );
  } finally {
    db.close();
  }
}

async function syncVia(path: string, url: string): Promise<boolean> {
  const open = openRegisterFile(path);
  try {
    const client = await connect(url);
    try {
      await syncRound(open.db, path, client);
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (e) {
    if (process.env['RR_PROP_STATS']) process.stderr.write(`[prop] sync of ${path} failed: ${String(e)}\n`);
    return false;
  } finally {
    open.db.close();
  }
}

const byId = <T extends { id: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

/** One offline edit on a laptop, through the app's own handler table (`ref` is new for an objective). */
/** A row an edit made: no later step removes it, so it must be on every laptop at the end. */
interface Made {
  table: string;
  key: unknown[];
}

/**
 * What a removal step may have removed anywhere (whatever the order of the laptops' syncs): a row `made` matching
 * one of these is not required at the end. `key` entries left undefined match anything.
 */
interface Removed {
  table: string;
  key: (unknown | undefined)[];
}

const removes = (r: Removed, m: Made): boolean =>
  r.table === m.table && r.key.every((k, i) => k === undefined || k === m.key[i]);

/**
 * One offline edit on a laptop, through the app's own handler table (`ref` is new for an objective); the rows it
 * added are appended to `made`.
 */
async function edit(
  app: App,
  s: Exclude<Step, { kind: 'sync' }>,
  ref: string,
  made: Made[],
  removed: Removed[],
): Promise<void> {
  const risks = await app.ok('risks:list', {});
  const riskAt = (i: number) => {
    const r = risks[i];
    if (!r) throw new Error(`no risk ${i}`);
    return r;
  };
  switch (s.kind) {
    case 'score': {
      const r = riskAt(s.risk);
      await app.ok('risks:update-score', {
        id: r.id,
        version: r.version,
        which: 'current',
        impact: s.impact as 1,
        likelihood: s.likelihood as 1,
      });
      return;
    }
    case 'text': {
      const r = riskAt(s.risk);
      await app.ok('risks:update', { id: r.id, version: r.version, changes: { description: s.text } });
      return;
    }
    case 'action': {
      const act = await app.ok('actions:create', { riskId: riskAt(s.risk).id, text: s.text });
      made.push({ table: 'actions', key: [act.id] });
      return;
    }
    case 'action-edit': {
      const act = (await app.ok('actions:list', { riskId: riskAt(s.risk).id }))[0];
      if (act) {
        await app.ok('actions:update', {
          id: act.id,
          version: act.version,
          changes: { text: s.text, status: s.done ? 'done' : 'in_progress' },
        });
      }
      return;
    }
    case 'review': {
      const r = riskAt(s.risk);
      const { review } = await app.ok('reviews:record', { id: r.id, version: r.version, note: s.note });
      made.push({ table: 'reviews', key: [review.id] });
      return;
    }
    case 'control': {
      const riskIds = s.risks.map((i) => riskAt(i).id);
      const k = await app.ok('controls:create', { text: s.text, riskIds, effectiveness: s.effectiveness });
      made.push({ table: 'controls', key: [k.id] });
      for (const id of riskIds) made.push({ table: 'risk_controls', key: [id, k.id] });
      return;
    }
    case 'control-assess': {
      const list = byId(await app.ok('controls:list', {}));
      const k = list[s.control % Math.max(1, list.length)];
      if (k)
        await app.ok('controls:assess', { id: k.id, version: k.version, effectiveness: s.effectiveness });
      return;
    }
    case 'control-link': {
      const list = byId(await app.ok('controls:list', {}));
      const k = list[s.control % Math.max(1, list.length)];
      if (k) {
        await app.ok('controls:link', { id: k.id, riskId: riskAt(s.risk).id });
        made.push({ table: 'risk_controls', key: [riskAt(s.risk).id, k.id] });
      }
      return;
    }
    case 'assurance': {
      const x = await app.ok('assurances:create', {
        riskId: riskAt(s.risk).id,
        source: 'Internal audit report',
        line: s.line,
        strength: s.strength,
      });
      made.push({ table: 'assurances', key: [x.id] });
      return;
    }
    case 'assurance-edit': {
      const view = await app.ok('controls:for-risk', { riskId: riskAt(s.risk).id });
      const x = byId(view.assurances)[0];
      if (x)
        await app.ok('assurances:update', {
          id: x.id,
          version: x.version,
          changes: { strength: s.strength },
        });
      return;
    }
    case 'objective': {
      // The ref from the small set (another laptop may give one the same ref offline), or a new one when this
      // laptop already has it.
      const list = await app.ok('objectives:list', { includeArchived: true });
      const free = !list.some((o) => o.ref.toLowerCase() === s.ref.toLowerCase());
      const o = await app.ok('objectives:create', { ref: free ? s.ref : ref, title: s.title });
      made.push({ table: 'objectives', key: [o.id] });
      return;
    }
    case 'objective-rename': {
      const list = byId(await app.ok('objectives:list', { includeArchived: true }));
      const o = list[s.objective % Math.max(1, list.length)];
      if (o && !list.some((x) => x.ref.toLowerCase() === s.ref.toLowerCase())) {
        await app.ok('objectives:update', { id: o.id, version: o.version, changes: { ref: s.ref } });
      }
      return;
    }
    case 'objective-link': {
      const list = byId(await app.ok('objectives:list', {}));
      const o = list[s.objective % Math.max(1, list.length)];
      if (o)
        await app.ok('objectives:link', { objectiveId: o.id, riskId: riskAt(s.risk).id, linked: s.linked });
      return;
    }
    case 'owner':
      // A manager adds a person not yet in the directory (another laptop may add the same initials offline).
      if (!(await app.ok('owners:list', {})).some((o) => o.initials === s.initials)) {
        await app.ok('owners:create', { initials: s.initials, name: s.name });
      }
      made.push({ table: 'owners', key: [s.initials] });
      return;
    case 'category':
      if (!(await app.ok('categories:list', {})).some((c) => c.name === s.name)) {
        await app.ok('categories:create', { name: s.name });
      }
      made.push({ table: 'categories', key: [s.name] });
      return;
    case 'owner-change': {
      const list = [...(await app.ok('owners:list', {}))].sort((x, y) =>
        x.initials < y.initials ? -1 : x.initials > y.initials ? 1 : 0,
      );
      const o = list[s.owner % Math.max(1, list.length)];
      if (!o) return;
      switch (s.change) {
        case 'rename': {
          // Initials another laptop may also give an owner offline: the later rename to reach the server is
          // refused there (server schema 5; seed -1329148122 found the broken chain, see docs/team.md).
          const to = s.to;
          if (list.some((x) => x.initials.toLowerCase() === to.toLowerCase())) return;
          await app.ok('owners:update', { id: o.id, version: o.version, changes: { initials: to } });
          break;
        }
        case 'details':
          await app.ok('owners:update', { id: o.id, version: o.version, changes: { role: `Lead ${s.to}` } });
          return;
        case 'merge': {
          const into = list[(s.owner + 1) % list.length];
          if (!into || into.id === o.id) return;
          await app.ok('owners:merge', { fromId: o.id, intoId: into.id });
          break;
        }
        case 'delete':
          // Refused while they own a risk or an action: nothing changes then.
          if (!(await app.call('owners:delete', { id: o.id, version: o.version })).ok) return;
          break;
      }
      removed.push({ table: 'owners', key: [o.initials] });
      return;
    }
    case 'category-change': {
      const list = [...(await app.ok('categories:list', {}))].sort((x, y) =>
        x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
      );
      const c = list[s.category % Math.max(1, list.length)];
      if (!c) return;
      if (s.change === 'rename') {
        // A name another laptop may also give a category offline, or a new category (Climate): the later rename to
        // reach the server is refused there (server schema 5; seed -887722354 found the broken chain).
        const to = s.to;
        if (list.some((x) => x.name.toLowerCase() === to.toLowerCase())) return;
        await app.ok('categories:rename', { id: c.id, version: c.version, name: to });
      } else {
        const into = list[(s.category + 1) % list.length];
        if (!into || into.id === c.id) return;
        await app.ok('categories:merge', { fromId: c.id, intoId: into.id });
      }
      removed.push({ table: 'categories', key: [c.name] });
      return;
    }
    case 'control-unlink': {
      const list = byId(await app.ok('controls:list', {}));
      const k = list[s.control % Math.max(1, list.length)];
      const r = riskAt(s.risk);
      if (k && (await app.call('controls:unlink', { id: k.id, riskId: r.id })).ok) {
        removed.push({ table: 'risk_controls', key: [r.id, k.id] });
      }
      return;
    }
    case 'control-delete': {
      const list = byId(await app.ok('controls:list', {}));
      const k = list[s.control % Math.max(1, list.length)];
      if (!k) return;
      // Unlinked from the risks it serves first (a control serving a risk cannot be deleted), then deleted.
      removed.push({ table: 'controls', key: [k.id] }, { table: 'risk_controls', key: [undefined, k.id] });
      for (const link of k.risks) await app.ok('controls:unlink', { id: k.id, riskId: link.riskId });
      const fresh = (await app.ok('controls:list', {})).find((x) => x.id === k.id);
      if (fresh) await app.ok('controls:delete', { id: fresh.id, version: fresh.version });
      return;
    }
    default:
      await extraEdit(app, s, made);
  }
}

/**
 * Rows every laptop starts with (published with the register), so that edits of the same control, assurance,
 * action and objective on different laptops meet from the first step: a control serving risks 0 and 1, an
 * assurance and an action on each of risks 0 and 1, and an objective linked to risk 0.
 */
async function seed(path: string): Promise<void> {
  const app = makeApp({ now: () => new Date() });
  try {
    await app.ok('register:open', { path });
    const risks = (await app.ok('risks:list', {})).slice(0, 2);
    await app.ok('controls:create', {
      text: 'Quarterly contract review',
      riskIds: risks.map((r) => r.id),
      effectiveness: 'partial',
    });
    for (const r of risks) {
      await app.ok('assurances:create', {
        riskId: r.id,
        source: 'Audit committee',
        line: 3,
        strength: 'limited',
      });
      await app.ok('actions:create', { riskId: r.id, text: 'Agree the plan' });
    }
    const o = await app.ok('objectives:create', { ref: 'OBJ-SEED', title: 'Safe services' });
    await app.ok('objectives:link', { objectiveId: o.id, riskId: risks[0]?.id ?? '' });
  } finally {
    app.close();
  }
}

it('every laptop converges to the server and no operation is lost or applied twice', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ laptops, steps }) => {
      run += 1;
      const dbName = `prop${run}`;
      const admin = new pg.Client({ connectionString: cluster.adminUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const published = tmp.file(`${dbName}.riskreg`);
      await ok(['init', '--db', published, '--sample']);
      await seed(published);
      await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl(dbName)]);
      const mgr = await connect(cluster.adminUrl(dbName));
      const files: string[] = [];
      const urls: string[] = [];
      try {
        for (let i = 0; i < laptops; i += 1) {
          const name = `m${run}_${i}`;
          await addUser(mgr, name, 'manager', undefined, `password-${name}-xyz`);
          urls.push(`postgresql://${name}:password-${name}-xyz@127.0.0.1:${proxy.port}/${dbName}`);
          files.push(tmp.file(`${dbName}-${i}.riskreg`));
          await ok(['team', 'join', '--server', urls[i] ?? '', '--db', files[i] ?? '']);
        }
        const roles = await joinRoleLaptops(mgr, published, dbName, run);
        files.push(roles.owner.file, roles.viewer.file);
        urls.push(roles.owner.url, roles.viewer.url);
        const roleOps = new Map<string, string>();
        let viewerWrites = 0;
        const recorded = new Set<string>();
        const made: Made[] = [];
        const removed: Removed[] = [];
        for (const [index, s] of steps.entries()) {
          if (s.kind === 'as-owner' || s.kind === 'as-viewer') {
            // An edit on the owner or viewer laptop, then that laptop syncs (its reply lost now and then).
            const role = s.kind === 'as-owner' ? roles.owner : roles.viewer;
            const app = makeApp({ now: () => new Date() });
            try {
              await app.ok('register:open', { path: role.file });
              const before = outbox(role.file).length;
              await extraEdit(app, s, made);
              if (s.kind === 'as-viewer' && outbox(role.file).length > before) viewerWrites += 1;
            } finally {
              app.close();
            }
            for (const op of outbox(role.file)) {
              recorded.add(op.op_id);
              roleOps.set(op.op_id, op.entity);
            }
            if (s.dropAfter !== null) proxy.dropReplyAfter(s.dropAfter);
            await syncVia(role.file, role.url);
            proxy.dropReplyAfter(Number.MAX_SAFE_INTEGER);
            continue;
          }
          const path = files[s.laptop] ?? '';
          if (s.kind === 'sync') {
            for (const id of opIds(path)) recorded.add(id);
            if (s.dropAfter !== null) proxy.dropReplyAfter(s.dropAfter);
            await syncVia(path, urls[s.laptop] ?? '');
            proxy.dropReplyAfter(Number.MAX_SAFE_INTEGER);
            continue;
          }
          const app = makeApp({ now: () => new Date() });
          try {
            await app.ok('register:open', { path });
            await edit(app, s, `OBJ-${index}`, made, removed);
          } finally {
            app.close();
          }
        }
        for (const path of files) for (const id of opIds(path)) recorded.add(id);
        for (const role of [roles.owner.file, roles.viewer.file])
          for (const op of outbox(role)) roleOps.set(op.op_id, op.entity);
        for (let round = 0; round < 2; round += 1) {
          for (let i = 0; i < files.length; i += 1)
            expect(await syncVia(files[i] ?? '', urls[i] ?? '')).toBe(true);
        }
        const server = (
          await mgr.query<{ seq: string; hash: string; op_id: string | null }>(
            'SELECT seq, hash, op_id FROM risk_register.history ORDER BY seq',
          )
        ).rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
        const answered = new Set(
          (await mgr.query<{ op_id: string }>('SELECT op_id FROM risk_register.ops')).rows.map(
            (r) => r.op_id,
          ),
        );
        for (const id of recorded) expect(answered.has(id)).toBe(true);
        const applied = (
          await mgr.query<{ op_id: string }>(
            'SELECT op_id FROM risk_register.history WHERE op_id IS NOT NULL',
          )
        ).rows.map((r) => r.op_id);
        expect(new Set(applied).size).toBe(applied.length);
        const first = readReplica(files[0] ?? '');
        const shared = sharedState(files[0] ?? '');
        for (const path of files) expect(sharedState(path)).toEqual(shared);
        // Every shared row as the server holds it is the laptops' row, table by table.
        const held = (
          await mgr.query<{ tbl: string; pk: unknown[]; data: Record<string, unknown> }>(
            'SELECT tbl, pk, data FROM risk_register.rows',
          )
        ).rows;
        for (const t of REPLICATED) {
          const key = (pk: unknown) => JSON.stringify(pk);
          const onServer = held
            .filter((r) => r.tbl === t.table)
            .sort((x, y) => (key(x.pk) < key(y.pk) ? -1 : key(x.pk) > key(y.pk) ? 1 : 0))
            .map((r) => r.data);
          const keyOf = (row: unknown) => key(t.key.map((k) => (row as Record<string, unknown>)[k]));
          const onLaptops = [...(shared[t.table] ?? [])].sort((x, y) =>
            keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0,
          );
          expect(onServer, t.table).toEqual(onLaptops);
        }
        // No edit a laptop accepted is lost: every row an edit added is there at the end, unless a removal step
        // (anywhere) may have removed it.
        for (const m of made.filter((x) => !removed.some((r) => removes(r, x)))) {
          const t = REPLICATED.find((x) => x.table === m.table);
          const keys = (shared[m.table] ?? []).map((row) =>
            JSON.stringify(t?.key.map((k) => (row as Record<string, unknown>)[k])),
          );
          expect(keys, `${m.table} ${JSON.stringify(m.key)}`).toContain(JSON.stringify(m.key));
        }
        // The server holds every objective under its own ref (the later of two with one ref was moved aside).
        const objRefs = held
          .filter((r) => r.tbl === 'objectives')
          .map((r) => String(r.data['ref']).toLowerCase());
        expect(new Set(objRefs).size).toBe(objRefs.length);
        // And every snapshot under its own name (the later of two with one name was moved aside).
        const snapNames = held
          .filter((r) => r.tbl === 'snapshots')
          .map((r) => String(r.data['name']).toLowerCase());
        expect(new Set(snapNames).size).toBe(snapNames.length);
        expect(first.history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(server);
        for (const path of files) {
          const rep = readReplica(path);
          expect(rep.risks).toEqual(first.risks);
          expect(rep.history).toEqual(first.history);
          expect(rep.integrity).toBe('ok');
          const open = openRegisterFile(path);
          try {
            expect(verifyHistory(open.db).ok).toBe(true);
            expect(open.db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
          } finally {
            open.db.close();
          }
        }
        // The server's current values agree with the laptops'.
        const srv = (
          await mgr.query<{
            id: string;
            fields: { description: string; current: { impact: number; likelihood: number } };
          }>('SELECT id, fields FROM risk_register.risks')
        ).rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        expect(
          srv.map((r) => [r.id, r.fields.description, r.fields.current.impact, r.fields.current.likelihood]),
        ).toEqual(first.risks.map((r) => [r.id, r.description, r.impact, r.likelihood]));
        expect(await ok(['audit', 'verify', '--db', files[0] ?? ''])).toMatch(/intact/i);
        await checkRoles(mgr, roles, roleOps, viewerWrites);
        if (process.env['RR_PROP_STATS']) await printStats(mgr, laptops, steps, roles);
      } finally {
        await mgr.end();
      }
    }),
    // fast-check prints the seed and path of a failing run; RR_PROP_SEED=<seed> replays it. .ci/run sets one known
    // seed, so a red CI is a regression anyone can replay; a developer's run explores a new seed each time.
    // RR_PROP_PATH (with RR_PROP_SEED) replays one shrunk counterexample, as fast-check printed it.
    {
      numRuns: 8,
      seed: SEED,
      ...(process.env['RR_PROP_PATH'] ? { path: process.env['RR_PROP_PATH'] } : {}),
    },
  );
}, 900_000);

/**
 * The property's seed: RR_PROP_SEED when set (.ci/run sets it), else a new one each run. Printed before the runs, so
 * a run stopped by the time-out (shrinking a failure on a loaded machine can take longer than it) can be replayed.
 */
const SEED = ((): number => {
  const given = process.env['RR_PROP_SEED'];
  const seed = given ? Number(given) : (Date.now() ^ Math.floor(Math.random() * 0x100000000)) | 0;
  console.log(`convergence property: seed ${seed} (replay with RR_PROP_SEED=${seed})`);
  return seed;
})();

// ---------------------------------------------------------------------------------------------------------------
// Treatments and acceptance, the band key and the register settings that travel, snapshots, escalation rules
// (added, edited, switched off and on), category reordering (two managers reordering offline meet as a conflict on
// `categories.position`, never a divergence), and the two other roles: an owner-role laptop editing risks it may or
// may not own (the server refuses the others: a rejected change on that laptop) and a viewer laptop attempting
// writes (all refused). Each travels through the same tables of db/team/row-spec.ts the final checks compare.
// ---------------------------------------------------------------------------------------------------------------

type Treat = 'treat' | 'tolerate' | 'transfer' | 'terminate';
type RoleDrop = number | null;

type ExtraStep =
  | { kind: 'treatment'; laptop: number; risk: number; treatment: Treat | null; accept: boolean; by: string }
  | { kind: 'key'; laptop: number; change: 'threshold' | 'colour' | 'label'; pick: number }
  | { kind: 'setting'; laptop: number; which: 'name' | 'board-pack'; to: string }
  | { kind: 'snapshot'; laptop: number; name: string }
  | { kind: 'escalation'; laptop: number; change: 'add' | 'edit' | 'off' | 'on'; rule: number; value: number }
  | { kind: 'category-reorder'; laptop: number; shift: number }
  | {
      kind: 'as-owner';
      risk: number;
      what: 'score' | 'action';
      impact: number;
      likelihood: number;
      dropAfter: RoleDrop;
    }
  | { kind: 'as-viewer'; risk: number; what: 'score' | 'snapshot' | 'key' | 'category'; dropAfter: RoleDrop };

const TREATS: readonly (Treat | null)[] = ['treat', 'tolerate', 'transfer', 'terminate', null];

function extraStepArbs(laptop: fc.Arbitrary<number>, risk: fc.Arbitrary<number>): fc.Arbitrary<Step>[] {
  const dropAfter = fc.option(fc.integer({ min: 1, max: 3 }), { nil: null });
  return [
    fc.record({
      kind: fc.constant('treatment' as const),
      laptop,
      risk,
      treatment: fc.constantFrom(...TREATS),
      accept: fc.boolean(),
      by: fc.constantFrom('Chief Executive', 'Section 151 Officer'),
    }),
    fc.record({
      kind: fc.constant('key' as const),
      laptop,
      change: fc.constantFrom('threshold' as const, 'colour' as const, 'label' as const),
      pick: fc.nat({ max: 5 }),
    }),
    fc.record({
      kind: fc.constant('setting' as const),
      laptop,
      which: fc.constantFrom('name' as const, 'board-pack' as const),
      to: fc.constantFrom('North', 'South'),
    }),
    fc.record({
      kind: fc.constant('snapshot' as const),
      laptop,
      name: fc.constantFrom('Q3 2026/27', 'Q4 2026/27'),
    }),
    fc.record({
      kind: fc.constant('escalation' as const),
      laptop,
      change: fc.constantFrom('add' as const, 'edit' as const, 'off' as const, 'on' as const),
      rule: fc.nat({ max: 3 }),
      value: fc.constantFrom(12, 15, 20),
    }),
    fc.record({
      kind: fc.constant('category-reorder' as const),
      laptop,
      shift: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('as-owner' as const),
      risk,
      what: fc.constantFrom('score' as const, 'action' as const),
      impact: fc.integer({ min: 1, max: 5 }),
      likelihood: fc.integer({ min: 1, max: 5 }),
      dropAfter,
    }),
    fc.record({
      kind: fc.constant('as-viewer' as const),
      risk,
      what: fc.constantFrom('score' as const, 'snapshot' as const, 'key' as const, 'category' as const),
      dropAfter,
    }),
  ];
}

const COLOURS = ['#7b2d8e', '#1d70b8', '#00703c'] as const;
const LABELS = ['Watch', 'Severe', 'Low'] as const;

/** The band key changed as `key set` would: a boundary moved, a colour or a label changed (null: no change fits). */
async function changedKey(app: App, change: 'threshold' | 'colour' | 'label', pick: number) {
  const key = (await app.ok('key:get', {})).map((b) => ({ ...b }));
  const at = pick % key.length;
  const band = key[at];
  if (!band) return null;
  if (change === 'colour') band.colour = COLOURS[pick % COLOURS.length] ?? '#000000';
  else if (change === 'label') band.name = LABELS[pick % LABELS.length] ?? 'Watch';
  else {
    // The boundary between this band and the next one up moves by one score, keeping both non-empty.
    const next = key.find((b) => b.min === band.max + 1);
    if (!next) return null;
    if (band.max > band.min) {
      band.max -= 1;
      next.min -= 1;
    } else if (next.max > next.min) {
      band.max += 1;
      next.min += 1;
    } else return null;
  }
  return key;
}

/** The rows an edit of this kind made are appended to `made` (a treatment, a snapshot, an escalation rule). */
async function extraEdit(app: App, s: ExtraStep, made: Made[]): Promise<void> {
  const risks = await app.ok('risks:list', {});
  switch (s.kind) {
    case 'treatment': {
      const r = risks[s.risk];
      if (!r) return;
      const view = await app.ok('controls:for-risk', { riskId: r.id });
      const acceptance =
        s.treatment === 'tolerate' && s.accept
          ? { by: s.by, why: 'Within what the council can absorb this year', until: '2027-03-31' }
          : null;
      await app.ok('treatment:set', {
        riskId: r.id,
        version: view.treatment.version,
        treatment: s.treatment,
        acceptance,
      });
      if (s.treatment !== null) made.push({ table: 'risk_treatments', key: [r.id] });
      return;
    }
    case 'key': {
      const key = await changedKey(app, s.change, s.pick);
      // A label another band already has is refused on the laptop: nothing changes then.
      if (key) await app.call('key:set', { key });
      return;
    }
    case 'setting':
      if (s.which === 'name') {
        await app.ok('register:rename', { name: `${s.to} Council risk register` });
      } else {
        const board = await app.ok('board:settings', {});
        await app.ok('board:set-settings', {
          ...board,
          marking: s.to === 'North' ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
          preparedBy: `${s.to} risk team`,
        });
      }
      return;
    case 'snapshot': {
      // A name this laptop already holds is refused on the laptop (nothing changes). Two laptops may take a snapshot
      // of the same name offline: the later to reach the server is moved aside, `NAME (2)` (server schema 6; it
      // broke that laptop's sync for good before, seed -887722354, see docs/team.md).
      const snap = await app.call('snapshots:take', { name: s.name });
      if (snap.ok) made.push({ table: 'snapshots', key: [snap.value.id] });
      return;
    }
    case 'escalation': {
      const rules = (await app.ok('escalation:rules', {})).map((r) => ({ ...r }));
      const label = `Score ${s.value} or more`;
      const rule = rules[s.rule % Math.max(1, rules.length)];
      if (s.change === 'add') {
        if (rules.some((r) => r.label === label)) return;
        rules.push({
          id: undefined as unknown as string,
          label,
          when: { metric: 'current-score', op: '>=', value: s.value },
          then: 'escalate',
          to: 'Leadership board',
        });
      } else if (!rule) return;
      else if (s.change === 'edit') rule.to = `Cabinet member ${s.value}`;
      else if (s.change === 'off') rule.disabled = true;
      else delete rule.disabled;
      // Two laptops adding the same label offline leave two rules with one label: a later save is refused on the
      // laptop (labels must be unique) and nothing changes then.
      const saved = await app.call('escalation:set-rules', {
        rules: rules.map(({ id, ...r }) => (id ? { id, ...r } : r)),
      });
      if (saved.ok && s.change === 'add') {
        const added = saved.value.find((r) => r.label === label);
        if (added) made.push({ table: 'escalation_rules', key: [added.id] });
      }
      return;
    }
    case 'category-reorder': {
      const list = await app.ok('categories:list', {});
      const ids = list.map((c) => c.id);
      const k = s.shift % Math.max(1, ids.length);
      await app.ok('categories:reorder', { ids: [...ids.slice(k), ...ids.slice(0, k)] });
      return;
    }
    case 'as-owner': {
      // The owner laptop's person owns some risks and not others: the server refuses the others.
      const r = risks[s.risk];
      if (!r) return;
      if (s.what === 'score') {
        await app.call('risks:update-score', {
          id: r.id,
          version: r.version,
          which: 'current',
          impact: s.impact as 1,
          likelihood: s.likelihood as 1,
        });
      } else await app.call('actions:create', { riskId: r.id, text: 'Owner follow-up' });
      return;
    }
    case 'as-viewer': {
      // Nothing a viewer writes is accepted: the laptop keeps it until the server refuses it, then undoes it.
      const r = risks[s.risk];
      if (!r) return;
      if (s.what === 'score') {
        await app.ok('risks:update-score', {
          id: r.id,
          version: r.version,
          which: 'current',
          impact: (r.impact === 5 ? 1 : (r.impact ?? 2) + 1) as 1,
          likelihood: (r.likelihood ?? 3) as 1,
        });
      } else if (s.what === 'snapshot') await app.call('snapshots:take', { name: 'Viewer snapshot' });
      else if (s.what === 'key') {
        const key = await changedKey(app, 'colour', 1);
        if (key) await app.ok('key:set', { key });
      } else if (!(await app.ok('categories:list', {})).some((c) => c.name === 'Viewer idea')) {
        await app.ok('categories:create', { name: 'Viewer idea' });
      }
      return;
    }
  }
}

/** The outbox of a replica: operation id and entity (`row` for a row operation, else a history row). */
function outbox(path: string): { op_id: string; entity: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT op_id, entity FROM team_outbox').all() as { op_id: string; entity: string }[];
  } finally {
    db.close();
  }
}

/** The rejected changes a replica lists (op ids). */
function rejectedOps(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT op_id FROM team_rejected').all() as { op_id: string }[]).map((r) => r.op_id);
  } finally {
    db.close();
  }
}

interface RoleLaptop {
  file: string;
  url: string;
  login: string;
}

/**
 * An owner-role laptop (the person owning the first risk in the register's order, by initials) and a viewer laptop,
 * joined to the register like the managers' laptops.
 */
async function joinRoleLaptops(
  mgr: pg.Client,
  published: string,
  dbName: string,
  n: number,
): Promise<{ owner: RoleLaptop; viewer: RoleLaptop }> {
  const app = makeApp({ now: () => new Date() });
  let initials: string;
  try {
    await app.ok('register:open', { path: published });
    initials = (await app.ok('risks:list', {}))[0]?.owners[0] ?? '';
  } finally {
    app.close();
  }
  const join = async (role: 'owner' | 'viewer'): Promise<RoleLaptop> => {
    const login = `${role[0]}${n}`;
    await addUser(mgr, login, role, role === 'owner' ? initials : undefined, `password-${login}-xyz`);
    const url = `postgresql://${login}:password-${login}-xyz@127.0.0.1:${proxy.port}/${dbName}`;
    const file = tmp.file(`${dbName}-${role}.riskreg`);
    await ok(['team', 'join', '--server', url, '--db', file]);
    return { file, url, login };
  };
  return { owner: await join('owner'), viewer: await join('viewer') };
}

/**
 * The other roles, after everyone synced: the viewer's every operation was refused, and each write a viewer made
 * is listed as a rejected change on its laptop; on the owner's laptop, every history row the server refused is
 * listed as a rejected change (never lost silently), and nothing is listed that the server accepted.
 */
async function checkRoles(
  mgr: pg.Client,
  roles: { owner: RoleLaptop; viewer: RoleLaptop },
  roleOps: Map<string, string>,
  viewerWrites: number,
): Promise<void> {
  const answers = new Map(
    (
      await mgr.query<{ op_id: string; login: string; status: string }>(
        "SELECT op_id, login, answer->>'status' AS status FROM risk_register.ops WHERE login IN ($1, $2)",
        [roles.owner.login, roles.viewer.login],
      )
    ).rows.map((r) => [r.op_id, r]),
  );
  for (const [id, entity] of roleOps) {
    const a = answers.get(id);
    expect(a, `role op ${id} (${entity}) has an answer`).toBeDefined();
    if (a?.login === roles.viewer.login) expect(a.status, `viewer op ${entity}`).toBe('rejected');
  }
  const viewerRejected = rejectedOps(roles.viewer.file);
  expect(viewerRejected.length).toBeGreaterThanOrEqual(viewerWrites);
  const ownerRejected = new Set(rejectedOps(roles.owner.file));
  for (const [id, a] of answers) {
    if (a.login !== roles.owner.login) continue;
    if (a.status === 'rejected' && roleOps.get(id) !== 'row') expect(ownerRejected.has(id), id).toBe(true);
    if (a.status !== 'rejected') expect(ownerRejected.has(id), id).toBe(false);
  }
}

/**
 * With RR_PROP_STATS set, one line per run on standard error: the steps by kind, the server's conflicts by field and
 * the answers by status (evidence that the generators reach the server and meet each other).
 */
async function printStats(
  mgr: pg.Client,
  laptops: number,
  steps: readonly Step[],
  roles: { owner: RoleLaptop; viewer: RoleLaptop },
): Promise<void> {
  const kinds: Record<string, number> = {};
  for (const s of steps) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  const conflicts = (
    await mgr.query<{ field: string; n: string }>(
      'SELECT field, count(*) AS n FROM risk_register.conflicts GROUP BY field ORDER BY field',
    )
  ).rows.map((r) => `${r.field}:${r.n}`);
  const answers = (
    await mgr.query<{ status: string; n: string }>(
      "SELECT answer->>'status' AS status, count(*) AS n FROM risk_register.ops GROUP BY 1 ORDER BY 1",
    )
  ).rows.map((r) => `${r.status}:${r.n}`);
  const rejected = `owner ${rejectedOps(roles.owner.file).length}, viewer ${rejectedOps(roles.viewer.file).length}`;
  process.stderr.write(
    `[prop] ${laptops} laptops; steps ${JSON.stringify(kinds)}; conflicts [${conflicts.join(' ')}]; answers [${answers.join(' ')}]; rejected ${rejected}\n`,
  );
}
