/**
 * The fields added beside the team register travel between laptops like the others: a risk's title and its
 * cause / event / effect, and a risk created not yet assessed (no current score) which another laptop then scores
 * for the first time. Real PostgreSQL, two replica files, edits through the app's handler table, sync through the
 * CLI's own code.
 */
import { describe, expect, it } from 'vitest';
import { ok } from './team-helpers.ts';
import { onLaptop, setUpTeam, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-fields-');

describe('title, cause/event/effect and not-yet-assessed risks on a team register', () => {
  it('reach the other laptop, and a first score given there comes back', async () => {
    const team = await setUpTeam(env, 'fields', [
      { name: 'ann_fields', role: 'manager', password: 'ann-password-1234' },
      { name: 'ben_fields', role: 'manager', password: 'ben-password-5678' },
    ]);
    const a = team.files['ann_fields'] ?? '';
    const b = team.files['ben_fields'] ?? '';

    // Ann, offline: a title and cause/event/effect on SR1; a new risk not yet assessed.
    await onLaptop(a, 'Ann', async (app) => {
      const sr1 = await app.ok('risks:find-by-ref', { ref: 'SR1' });
      if (!sr1) throw new Error('no SR1');
      await app.ok('risks:update', {
        id: sr1.id,
        version: sr1.version,
        changes: { title: 'Funding gap', cause: 'grant cuts', event: 'a deficit', effect: 'service cuts' },
      });
      await app.ok('risks:create', {
        ref: 'NEW1',
        category: 'Finance',
        description: 'A risk named at the workshop, to be scored at the next meeting',
        impact: null,
        likelihood: null,
      });
    });
    expect(await ok(['sync', '--db', a], 'ann-password-1234')).toMatch(
      /^[1-9]\d* pushed, \d+ pulled, 0 conflicts/,
    );
    expect(await ok(['sync', '--db', b], 'ben-password-5678')).toMatch(
      /0 pushed, [1-9]\d* pulled, 0 conflicts/,
    );

    // Ben has them as Ann wrote them; the new risk has no score (none made up), and Ben scores it first.
    await onLaptop(b, 'Ben', async (app) => {
      const sr1 = await app.ok('risks:find-by-ref', { ref: 'SR1' });
      expect(sr1).toMatchObject({
        title: 'Funding gap',
        cause: 'grant cuts',
        event: 'a deficit',
        effect: 'service cuts',
      });
      const fresh = await app.ok('risks:find-by-ref', { ref: 'NEW1' });
      if (!fresh) throw new Error('NEW1 did not reach the other laptop');
      expect(fresh.impact).toBeNull();
      expect(fresh.likelihood).toBeNull();
      await app.ok('risks:update-score', {
        id: fresh.id,
        version: fresh.version,
        which: 'current',
        impact: 3,
        likelihood: 4,
        reason: 'Scored at the December meeting',
      });
    });
    await ok(['sync', '--db', b], 'ben-password-5678');
    await ok(['sync', '--db', a], 'ann-password-1234');
    await onLaptop(a, 'Ann', async (app) => {
      const fresh = await app.ok('risks:find-by-ref', { ref: 'NEW1' });
      expect(fresh).toMatchObject({ impact: 3, likelihood: 4 });
      expect((await app.ok('audit:verify', {})).ok).toBe(true);
    });
    await onLaptop(b, 'Ben', async (app) => {
      expect((await app.ok('audit:verify', {})).ok).toBe(true);
    });
  }, 120_000);
});
