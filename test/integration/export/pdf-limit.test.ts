/**
 * A board pack PDF of more risks than it can print in time is refused before any printing, with what to do instead;
 * a PDF of the bands that need attention is still drawn. Real SQLite register; the printer records whether it ran.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../db/handlers/index.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { BOARD_PACK_MAX_ROWS } from '../../../db/export/summary.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import { RegisterSession } from '../../../db/session.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import { makeTempDir } from '../helpers.ts';

const tmp = makeTempDir('rr-pdf-limit-');
afterAll(() => tmp.cleanup());

describe('board pack PDF size', () => {
  it('is refused above the limit before printing, with a suggestion, and no file and no history entry', async () => {
    const session = new RegisterSession();
    const printed: string[] = [];
    const handlers = createHandlers({
      session,
      now: () => new Date('2026-04-01T09:00:00Z'),
      user: () => 'Tester',
      dialogs: noDialogs,
      files: trustedPaths,
      // A PDF's first bytes: enough for the handler's check when a small pack is printed.
      renderPdf: (route) => {
        printed.push(route);
        return Promise.resolve(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
      },
    });
    const path = tmp.file('big.sqlite');
    expect((await dispatch(handlers, 'register:create', { path, sample: false })).ok).toBe(true);
    const db = session.writable();
    const ctx = { now: '2026-04-01T09:00:00.000Z', by: 'Tester' };
    db.transaction(() => {
      for (let i = 1; i <= BOARD_PACK_MAX_ROWS + 1; i += 1) {
        const red = i <= 10;
        createRisk(
          db,
          {
            ref: `SR${i}`,
            category: 'Finance',
            description: `Risk ${i}`,
            impact: red ? 5 : 1,
            likelihood: red ? 5 : 1,
            inherent: null,
            target: null,
            mitigation: '',
            owners: [],
          },
          ctx,
          'import',
        );
      }
    })();
    const seqBefore = db.prepare('SELECT MAX(seq) FROM history').pluck().get();

    const out = tmp.file('board.pdf');
    const r = await dispatch(handlers, 'export:summary', { format: 'pdf', path: out });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toBe(
      `The board pack PDF holds at most ${BOARD_PACK_MAX_ROWS.toLocaleString('en-GB')} risks, and this summary has ` +
        `${(BOARD_PACK_MAX_ROWS + 1).toLocaleString('en-GB')}. Choose bands (for example Red and Amber) to print ` +
        'the risks that need attention, or export the whole summary as xlsx or csv.',
    );
    expect(printed).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(db.prepare('SELECT MAX(seq) FROM history').pluck().get()).toBe(seqBefore);

    // The suggestion works: the Red band alone is printed.
    const red = await dispatch(handlers, 'export:summary', { format: 'pdf', path: out, bands: ['Red'] });
    expect(red.ok && red.value?.rows).toBe(10);
    expect(printed).toHaveLength(1);
    session.close();
  }, 60_000);
});
