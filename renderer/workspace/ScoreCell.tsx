import { appetiteNote } from '../../shared/appetite.ts';
import type { RiskRow } from './table-model.ts';
import { useDirectoryStore } from './directory-actions.ts';

/**
 * The Score cell: the number, and ▲ when the risk is outside its category's appetite, with the reason in words
 * ("Outside appetite: 15 is above 12 for Reputation") for hover and screen readers, so colour is never the signal.
 */
export function ScoreCell({ row }: { row: RiskRow }) {
  const categories = useDirectoryStore((s) => s.categories);
  const note = categories ? appetiteNote(row.risk, categories) : null;
  return (
    <span className="score-cell">
      {row.score ?? <span className="muted">–</span>}
      {note && (
        <span className="appetite-mark" title={note} aria-label={note} data-testid="appetite-mark">
          {' '}
          ▲
        </span>
      )}
    </span>
  );
}
