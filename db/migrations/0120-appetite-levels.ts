/**
 * Appetite levels (issue 13): each category gets an Orange Book level (averse … eager) that the register maps to
 * an appetite threshold and a tolerance (settings key `appetiteLevels`, the default mapping when absent), an
 * appetite statement with the date the board approved it; each risk may override its category's level with a
 * reason; and a risk gains cause, event and effect.
 *
 * The existing numeric appetite migrates without loss: where it equals a default level's threshold (3 averse,
 * 5 minimal, 8 cautious, 12 open, 16 eager) the category takes that level and the number is cleared (the level
 * gives it back); any other number stays in `appetite` as a custom threshold, whose tolerance is the threshold
 * itself (a score above it is outside tolerance, as "outside appetite" meant before).
 */
export const up = /* sql */ `
ALTER TABLE categories ADD COLUMN appetite_level TEXT
  CHECK (appetite_level IN ('averse', 'minimal', 'cautious', 'open', 'eager'));
ALTER TABLE categories ADD COLUMN appetite_statement TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN appetite_approved TEXT;

UPDATE categories
   SET appetite_level = CASE appetite
         WHEN 3 THEN 'averse' WHEN 5 THEN 'minimal' WHEN 8 THEN 'cautious' WHEN 12 THEN 'open' WHEN 16 THEN 'eager'
       END
 WHERE appetite IN (3, 5, 8, 12, 16);
UPDATE categories SET appetite = NULL WHERE appetite_level IS NOT NULL;

ALTER TABLE risks ADD COLUMN appetite_level TEXT
  CHECK (appetite_level IN ('averse', 'minimal', 'cautious', 'open', 'eager'));
ALTER TABLE risks ADD COLUMN appetite_reason TEXT;
ALTER TABLE risks ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN event TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN effect TEXT NOT NULL DEFAULT '';
`;
