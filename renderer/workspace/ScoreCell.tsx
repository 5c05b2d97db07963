import { APPETITE_STATUS_GLYPHS, appetiteStatusText, riskAppetite } from '../../shared/appetite.ts';
import type { AppetiteStatus } from '../../shared/appetite.ts';
import type { RiskRow } from './table-model.ts';
import { useDirectoryStore } from './directory-actions.ts';

/** The short word beside the glyph in the table; the full sentence is on hover and for screen readers. */
export const APPETITE_SHORT: Record<AppetiteStatus, string> = {
  within: 'within',
  tolerance: 'tolerance',
  outside: 'outside',
};

/**
 * The Score cell: the number, and where an appetite applies its status as a glyph and a word (✓ within, ◇
 * tolerance, ◆ outside), with the reason in words ("Outside tolerance: 15 is above the Reputation tolerance of 12
 * (Cautious)") for hover and screen readers, so colour is never the signal. Decided in shared/appetite.ts.
 */
export function ScoreCell({ row }: { row: RiskRow }) {
  const categories = useDirectoryStore((s) => s.categories);
  const status = categories ? riskAppetite(row.risk, categories)?.status : null;
  const note = status && categories ? appetiteStatusText(row.risk, categories) : null;
  return (
    <span className="score-cell">
      {row.score ?? <span className="muted">–</span>}
      {status && note && (
        <span
          className={`appetite-mark appetite-${status}`}
          title={note}
          aria-label={note}
          data-testid="appetite-mark"
          data-status={status}
        >
          {' '}
          {APPETITE_STATUS_GLYPHS[status]} {APPETITE_SHORT[status]}
        </span>
      )}
    </span>
  );
}
