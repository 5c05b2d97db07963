/**
 * Scoring criteria per register: one descriptor per area and level (impact areas finance, service, reputation,
 * people, legal; likelihood as probability and time frame), seeded with the default for UK local government
 * (`DEFAULT_CRITERIA` in shared/criteria.ts, as it stood when the register reached this version). Edits are
 * recorded in `history` (entity `register`, id `scoring-criteria`).
 */
import { CRITERIA_AREAS, DEFAULT_CRITERIA } from '../../shared/criteria.ts';
import { SCORE_VALUES } from '../../shared/scoring.ts';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

const seed = CRITERIA_AREAS.flatMap((area) =>
  SCORE_VALUES.map((level) => `(${quote(area)}, ${level}, ${quote(DEFAULT_CRITERIA[area][level])})`),
).join(',\n  ');

export const up = /* sql */ `
CREATE TABLE scoring_criteria (
  area  TEXT NOT NULL
        CHECK (area IN (${CRITERIA_AREAS.map(quote).join(', ')})),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  text  TEXT NOT NULL,
  PRIMARY KEY (area, level)
);

INSERT INTO scoring_criteria (area, level, text) VALUES
  ${seed};
`;
