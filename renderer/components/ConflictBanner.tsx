import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, NOT_SCORED_LABEL } from '../../shared/scoring.ts';
import { applyMineAgain, keepTheirs, selectRisk } from '../actions/risk-actions.ts';
import type { AttemptedChange } from '../stores/edit-store.ts';
import { useEditStore } from '../stores/edit-store.ts';

const FIELD_NAMES: Record<AttemptedChange['field'], string> = {
  title: 'Title',
  description: 'Description',
  mitigation: 'Mitigation',
  category: 'Category',
  owners: 'Owner(s)',
  score: 'Score',
  cause: 'Cause',
  event: 'Event',
  effect: 'Effect',
};

function scoreText(impact: ScoreValue, likelihood: ScoreValue, bandKey: BandKey): string {
  const a = assess(impact, likelihood, bandKey);
  return `impact ${impact} × likelihood ${likelihood} = ${a.score} ${a.band.name}`;
}

function theirValue(field: AttemptedChange['field'], r: RiskRecord, bandKey: BandKey): string {
  switch (field) {
    case 'score': {
      const c = currentBand(r, bandKey);
      if (!c.band) return NOT_SCORED_LABEL;
      return `impact ${r.impact} × likelihood ${r.likelihood} = ${c.score} ${c.band.name}`;
    }
    case 'owners':
      return r.owners.join(' ') || '(none)';
    default:
      return r[field] || '(empty)';
  }
}

function myValue(mine: AttemptedChange, bandKey: BandKey): string {
  if (mine.field === 'score') return scoreText(mine.impact, mine.likelihood, bandKey);
  if (mine.field === 'owners') return mine.value.join(' ') || '(none)';
  return mine.value || '(empty)';
}

/**
 * Someone else changed the risk first. Shows their values and the user's, and lets the user apply
 * theirs again or keep what is there: nothing is dropped without a choice.
 */
export function ConflictBanner({ selectedId, bandKey }: { selectedId: string | null; bandKey: BandKey }) {
  const conflict = useEditStore((s) => s.conflict);
  const pending = useEditStore((s) => s.pending !== null);
  if (!conflict) return null;
  if (conflict.riskId !== selectedId) {
    return (
      <div className="notice notice-warning" role="alert" data-testid="conflict-elsewhere">
        <p>Your change to {conflict.ref} was not saved, because someone else changed it first.</p>
        <button type="button" onClick={() => selectRisk(conflict.riskId)}>
          Show {conflict.ref}
        </button>
      </div>
    );
  }
  const field = conflict.mine.field;
  return (
    <div className="notice notice-warning" role="alert" data-testid="conflict">
      <p className="notice-title">{conflict.message}</p>
      <dl className="conflict-values">
        <dt>{FIELD_NAMES[field]} now</dt>
        <dd data-testid="conflict-theirs">{theirValue(field, conflict.theirs, bandKey)}</dd>
        <dt>Your change</dt>
        <dd data-testid="conflict-mine">{myValue(conflict.mine, bandKey)}</dd>
      </dl>
      <div className="button-row">
        <button type="button" className="primary" disabled={pending} onClick={() => void applyMineAgain()}>
          Apply mine again
        </button>
        <button type="button" onClick={keepTheirs}>
          Keep theirs
        </button>
      </div>
    </div>
  );
}
