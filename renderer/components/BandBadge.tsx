import type { Band } from '../../shared/band-key.ts';
import { bandStyle } from './band-style.ts';

/** A band as colour and name (and score, when given): colour is never the only signal. */
export function BandBadge({ band, score, large }: { band: Band; score?: number; large?: boolean }) {
  return (
    <span
      className={large ? 'band-badge band-badge-large' : 'band-badge'}
      style={bandStyle(band)}
      data-band={band.name}
    >
      {score !== undefined && <span className="num">{score}</span>}
      {score !== undefined && ' '}
      <span>{band.name}</span>
    </span>
  );
}
