/**
 * Score timelines (the points direction of travel and time in band are worked out from) read straight from the
 * history table: only the rows that move a current score, and only their impact and likelihood, extracted by SQLite.
 * The same points as `scoreTimeline(historyFor(…))` without JSON-parsing every history row in JavaScript (the
 * whole-register `risks:travel` used to parse each row's full snapshot: 48 MB of answer, seconds of main process).
 */
import type { Database } from 'better-sqlite3';
import type { ScoreChange } from '../shared/export/board-pack-model.ts';
import type { ScorePair } from '../shared/domain.ts';
import type { TimelinePoint } from '../shared/travel.ts';
import { previousReviewPoint } from '../shared/travel.ts';
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
/** Score timelines by risk id, oldest point first. */
export type TimelinePoints = ReadonlyMap<string, TimelinePoint[]>;

export interface ScoreHistory {
  timelines: Map<string, TimelinePoint[]>;
  changes: Map<string, ScoreChange[]>;
}

/**
 * The history rows that are points of a risk's score timeline (its creation, a change of its current score, a
 * review), the score each gives, and a change's who, why and previous score: one definition for the timelines
 * (`POINTS_AND_CHANGES`) and the board pack's read (`PACK_POINTS`), so the two always count the same rows.
 */
const SCORE_COLUMNS = `
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.impact')
              ELSE json_extract(new_value, '$.current.impact') END AS impact,
         CASE WHEN action = 'review' OR action = 'update' THEN json_extract(new_value, '$.likelihood')
              ELSE json_extract(new_value, '$.current.likelihood') END AS likelihood`;
const CHANGE_COLUMNS = `
         CASE WHEN action = 'update' THEN "by" END AS by_whom,
         CASE WHEN action = 'update' THEN reason END AS reason,
         CASE WHEN action = 'update' THEN json_extract(old_value, '$.impact') END AS old_impact,
         CASE WHEN action = 'update' THEN json_extract(old_value, '$.likelihood') END AS old_likelihood`;
const SCORE_POINT_ROWS = `
    FROM history
   WHERE entity = 'risk'
     AND ((action IN ('create', 'import') AND field IS NULL) OR (action = 'update' AND field = 'current')
          OR action = 'review')`;

const POINTS_AND_CHANGES = `
  SELECT entity_id, at, action,${SCORE_COLUMNS},${CHANGE_COLUMNS}${SCORE_POINT_ROWS}
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

/**
 * What the board pack reads from history when nothing needs the whole timelines (the summary workbook without the
 * travel column, the PDF's pack): each risk's score at its previous review — `previousReviewPoint` of its
 * timeline — and the score changes, as `scoreHistory` gives them. The same rows, but one risk after another in the
 * order of the `history_entity` index (no sort of every row by `seq`), each risk's points in order; of a risk's
 * points only what the previous review is chosen from is kept (its first creation score, its last two reviews'
 * scores, whether the score changed after the last review), not a list of them. SQLite hands over the action as a
 * number and the time only for changes. The pairs are shared: there are 25 scores.
 */
export interface PackHistory {
  previous: Map<string, ScorePair>;
  changes: Map<string, ScoreChange[]>;
  /**
   * Each risk's previous-review pair as a code (impact × 8 + likelihood, 0 for none) in the order of the risks it was
   * read for (`exportRisksScanned`'s), in place of `previous`, which is then empty: the summary workbook's history
   * thread (db/export/pack-history-thread.ts), so that no map of 100,000 ids is made and looked up.
   */
  previousInOrder?: Uint8Array;
}

export const PACK_POINTS = `
  SELECT entity_id,
         CASE action WHEN 'update' THEN 1 WHEN 'review' THEN 2 ELSE 0 END AS kind,${SCORE_COLUMNS},
         CASE WHEN action = 'update' THEN at END AS at,${CHANGE_COLUMNS}${SCORE_POINT_ROWS}
   ORDER BY entity_id, seq`;

/**
 * `packHistory`'s answer as plain data that a thread can hand over: the risks that have a previous-review score in
 * `ids`, each one's pair in `codes` (impact × 8 + likelihood, 9–45), and each risk's score changes.
 */
export interface PackHistoryParts {
  ids: string[];
  codes: Uint8Array;
  changes: [string, ScoreChange[]][];
}

/**
 * Reads `PACK_POINTS`'s rows (as arrays) into `PackHistoryParts`. Self-contained — no name from outside its body, not
 * even `isScoreValue` (its test is written out) — because the history thread (db/export/pack-history-thread.ts)
 * runs this same function from its source text, on a connection of its own.
 */
export function collectPackHistory(rows: Iterable<unknown>): PackHistoryParts {
  const score = (v: unknown): v is 1 | 2 | 3 | 4 | 5 =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
  const ids: string[] = [];
  const codes: number[] = [];
  const changes: [string, ScoreChange[]][] = [];
  // The risk being read: its first creation score, its last review's score and the one before (as codes, 0 for
  // none), and whether its score changed after the last review.
  let risk: string | null = null;
  let created = 0;
  let last = 0;
  let before = 0;
  let changed = false;
  let mine: ScoreChange[] | null = null;
  const done = () => {
    // previousReviewPoint: the last review when the score changed since; else the review before it; else the
    // first creation score.
    const base = last && changed ? last : before || created;
    if (risk !== null && base) {
      ids.push(risk);
      codes.push(base);
    }
    if (risk !== null && mine) changes.push([risk, mine]);
  };
  for (const raw of rows) {
    const [riskId, kind, impact, likelihood, at, by, reason, oldImpact, oldLikelihood] = raw as [
      string,
      0 | 1 | 2,
      unknown,
      unknown,
      string | null,
      string | null,
      string | null,
      unknown,
      unknown,
    ];
    if (riskId !== risk) {
      done();
      risk = riskId;
      created = last = before = 0;
      changed = false;
      mine = null;
    }
    if (!score(impact) || !score(likelihood)) continue;
    if (kind === 0) created ||= impact * 8 + likelihood;
    else if (kind === 2) {
      before = last;
      last = impact * 8 + likelihood;
      changed = false;
    } else {
      changed = true;
      const change: ScoreChange = {
        riskId,
        at: at ?? '',
        by: by ?? '',
        from:
          score(oldImpact) && score(oldLikelihood) ? { impact: oldImpact, likelihood: oldLikelihood } : null,
        to: { impact, likelihood },
        reason,
      };
      if (mine) mine.push(change);
      else mine = [change];
    }
  }
  done();
  return { ids, codes: Uint8Array.from(codes), changes };
}

/** `PackHistoryParts` as the maps the pack looks risks up in (the 25 pairs shared). */
export function packHistoryFrom({ ids, codes, changes }: PackHistoryParts): PackHistory {
  const previous = new Map<string, ScorePair>();
  for (let i = 0; i < ids.length; i += 1) {
    const code = codes[i] ?? 0;
    previous.set(
      ids[i] as string,
      pair((code >> 3) as ScorePair['impact'], (code & 7) as ScorePair['likelihood']),
    );
  }
  return { previous, changes: new Map(changes) };
}

const PAIRS: ScorePair[] = [];
function pair(impact: ScorePair['impact'], likelihood: ScorePair['likelihood']): ScorePair {
  return (PAIRS[impact * 8 + likelihood] ??= { impact, likelihood });
}

export function packHistory(db: Database): PackHistory {
  return packHistoryFrom(collectPackHistory(stmt(db, PACK_POINTS).raw().iterate()));
}

/** `packHistory`'s answer from `scoreHistory`'s (the timelines are read anyway when the travel column is asked). */
export function packHistoryOf({ timelines, changes }: ScoreHistory): PackHistory {
  const previous = new Map<string, ScorePair>();
  for (const [id, timeline] of timelines) {
    const base = previousReviewPoint(timeline);
    if (base) previous.set(id, pair(base.impact, base.likelihood));
  }
  return { previous, changes };
}
