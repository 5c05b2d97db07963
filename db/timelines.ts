/**
 * Score timelines (the points direction of travel and time in band are worked out from) read straight from the
 * history table: only the rows that move a current score, and only their impact and likelihood, extracted by SQLite.
 * The same points as `scoreTimeline(historyFor(…))` without JSON-parsing every history row in JavaScript (the
 * whole-register `risks:travel` used to parse each row's full snapshot: 48 MB of answer, seconds of main process).
 */
import type { Database } from 'better-sqlite3';
import type { ScoreChange } from '../shared/export/board-pack-model.ts';
import type { TimelinePoint } from '../shared/travel.ts';
import { isScoreValue } from '../shared/scoring.ts';
import { stmt } from './statements.ts';

const POINTS = `
  SELECT entity_id, at, action,
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.impact')
              ELSE json_extract(new_value, '$.current.impact') END AS impact,
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.likelihood')
              ELSE json_extract(new_value, '$.current.likelihood') END AS likelihood
    FROM history
   WHERE entity = 'risk'
     AND ((action IN ('create', 'import') AND field IS NULL) OR (action = 'update' AND field = 'current')
          OR action = 'review')`;

type PointRow = [string, string, string, unknown, unknown];

const KIND: Record<string, TimelinePoint['kind']> = {
  create: 'created',
  import: 'created',
  update: 'changed',
  review: 'reviewed',
};

function add(out: Map<string, TimelinePoint[]>, [id, at, action, impact, likelihood]: PointRow): void {
  const kind = KIND[action];
  if (!kind || !isScoreValue(impact) || !isScoreValue(likelihood)) return;
  const point: TimelinePoint = { at, kind, impact, likelihood };
  const list = out.get(id);
  if (list) list.push(point);
  else out.set(id, [point]);
}

/** Timelines by risk id, oldest point first: of every risk, or (by the history_entity index) of `ids` only. */
export function scoreTimelines(db: Database, ids?: readonly string[]): Map<string, TimelinePoint[]> {
  const out = new Map<string, TimelinePoint[]>();
  if (ids) {
    const one = stmt(db, `${POINTS} AND entity_id = ? ORDER BY seq`).raw();
    for (const id of new Set(ids)) for (const row of one.iterate(id)) add(out, row as PointRow);
    return out;
  }
  for (const row of stmt(db, `${POINTS} ORDER BY seq`).raw().iterate()) add(out, row as PointRow);
  return out;
}

/**
 * What the board pack reads from history, in one pass over the same rows as `scoreTimelines`: every risk's score
 * timeline, and every change of a current score with who made it, when, from what and why (oldest first, by risk
 * id). The pack used to read every risk history row into entry objects (`riskHistories`, the full JSON of each
 * risk's snapshot parsed in JavaScript) for these two things alone: at 100,000 risks most of its time and memory.
 */
export interface ScoreHistory {
  timelines: Map<string, TimelinePoint[]>;
  changes: Map<string, ScoreChange[]>;
}

const POINTS_AND_CHANGES = `
  SELECT entity_id, at, action,
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.impact')
              ELSE json_extract(new_value, '$.current.impact') END AS impact,
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.likelihood')
              ELSE json_extract(new_value, '$.current.likelihood') END AS likelihood,
         CASE WHEN action = 'update' THEN "by" END AS by_whom,
         CASE WHEN action = 'update' THEN reason END AS reason,
         CASE WHEN action = 'update' THEN json_extract(old_value, '$.impact') END AS old_impact,
         CASE WHEN action = 'update' THEN json_extract(old_value, '$.likelihood') END AS old_likelihood
    FROM history
   WHERE entity = 'risk'
     AND ((action IN ('create', 'import') AND field IS NULL) OR (action = 'update' AND field = 'current')
          OR action = 'review')
   ORDER BY seq`;

type PointAndChangeRow = [
  string,
  string,
  string,
  unknown,
  unknown,
  string | null,
  string | null,
  unknown,
  unknown,
];

export function scoreHistory(db: Database): ScoreHistory {
  const timelines = new Map<string, TimelinePoint[]>();
  const changes = new Map<string, ScoreChange[]>();
  for (const raw of stmt(db, POINTS_AND_CHANGES).raw().iterate()) {
    const row = raw as PointAndChangeRow;
    add(timelines, row as unknown as PointRow);
    const [riskId, at, action, impact, likelihood, by, reason, oldImpact, oldLikelihood] = row;
    if (action !== 'update' || !isScoreValue(impact) || !isScoreValue(likelihood)) continue;
    const change: ScoreChange = {
      riskId,
      at,
      by: by ?? '',
      from:
        isScoreValue(oldImpact) && isScoreValue(oldLikelihood)
          ? { impact: oldImpact, likelihood: oldLikelihood }
          : null,
      to: { impact, likelihood },
      reason,
    };
    const list = changes.get(riskId);
    if (list) list.push(change);
    else changes.set(riskId, [change]);
  }
  return { timelines, changes };
}
