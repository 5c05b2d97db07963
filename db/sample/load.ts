import type { Database } from 'better-sqlite3';
import { splitOwners } from '../../shared/owners.ts';
import { createRisk } from '../risk-writes.ts';
import { writeSetting } from '../settings.ts';
import type { WriteContext } from '../write-context.ts';
import { LGA_REGISTER_NAME, LGA_SAMPLE } from './lga-2019-04.ts';

/** Fill a register with the 19 LGA risks. Run inside the caller's transaction. */
export function loadLgaSample(db: Database, ctx: WriteContext): number {
  for (const s of LGA_SAMPLE) {
    createRisk(
      db,
      {
        ref: s.ref,
        category: s.category,
        description: s.description,
        impact: s.impact,
        likelihood: s.likelihood,
        inherent: null,
        target: null,
        mitigation: s.mitigation,
        owners: splitOwners(s.owner),
        reason: 'Loaded from the LGA Strategic Risk Register summary, April 2019',
      },
      ctx,
      'import',
    );
  }
  writeSetting(db, 'name', LGA_REGISTER_NAME);
  return LGA_SAMPLE.length;
}
