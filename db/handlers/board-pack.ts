import type { Handlers } from '../../shared/contract/index.ts';
import { dayFromIso } from '../../shared/export/board-pack.ts';
import { AppError } from '../../shared/errors.ts';
import { readCriteria } from '../criteria.ts';
import { gatherBoardPack } from '../export/board-pack-data.ts';
import { summaryTable } from '../export/summary.ts';
import { readSettings } from '../settings.ts';
import type { HandlerDeps } from './deps.ts';

type BoardPackHandlers = Pick<Handlers, 'export:board-pack'>;

export function boardPackHandlers(deps: HandlerDeps): BoardPackHandlers {
  return {
    'export:board-pack': ({ scores, bands, sort, asAt, travel, marking, exempt }) => {
      const db = deps.session.db;
      const date = asAt === undefined ? deps.now() : dayFromIso(asAt);
      if (!date) throw new AppError('VALIDATION', `${asAt ?? ''} is not a date: write it yyyy-mm-dd.`);
      const table = summaryTable(db, { format: 'pdf', scores, bands, sort, travel }, date);
      const pack = gatherBoardPack(db, date, { marking, exempt });
      return { table, bandKey: readSettings(db).key, pack, criteria: readCriteria(db) };
    },
  };
}
