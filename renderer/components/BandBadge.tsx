import type { Band } from '../../shared/band-key.ts';
import { NOT_SCORED_LABEL } from '../../shared/scoring.ts';
import { bandStyle } from './band-style.ts';

/**
 * A band as colour and name (and score, when given): colour is never the only signal. A risk not yet assessed has
 * no band (null): it shows "Not yet scored" in a plain outline, never a band's colour.
 */
export function BandBadge({
  band,
  score,
  large,
}: {
  band: Band | null;
  score?: number | null | undefined;
  large?: boolean;
}) {
  if (!band) {
    return (
      <span
        className={large ? 'band-badge band-badge-none band-badge-large' : 'band-badge band-badge-none'}
        data-band="none"
      >
        <span>{NOT_SCORED_LABEL}</span>
      </span>
    );
  }
  return (
    <span
      className={large ? 'band-badge band-badge-large' : 'band-badge'}
      style={bandStyle(band)}
      data-band={band.name}
    >
      {score !== undefined && score !== null && <span className="num">{score}</span>}
      {score !== undefined && score !== null && ' '}
      <span>{band.name}</span>
    </span>
  );
}
