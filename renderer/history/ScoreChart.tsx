import type { BandKey } from '../../shared/band-key.ts';
import { assess } from '../../shared/scoring.ts';
import type { TimelinePoint } from '../../shared/travel.ts';
import { dayOf } from '../../shared/travel.ts';
import { formatDay } from './words.ts';

const W = 320;
const H = 132;
const PAD = { left: 26, right: 8, top: 6, bottom: 20 };
const MAX = 25;

/**
 * The current score over time as a step line, with the register's band colours behind it. The points
 * are listed in words for screen readers (the picture is never the only way to read them).
 */
export function ScoreChart({
  points,
  bandKey,
  now,
}: {
  points: readonly TimelinePoint[];
  bandKey: BandKey;
  now: string;
}) {
  if (points.length === 0) return null;
  const scored = points.map((p) => ({ ...p, a: assess(p.impact, p.likelihood, bandKey) }));
  const t0 = new Date(scored[0]?.at ?? now).getTime();
  const t1 = Math.max(new Date(now).getTime(), new Date(scored[scored.length - 1]?.at ?? now).getTime());
  const span = Math.max(1, t1 - t0);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (iso: string) => PAD.left + ((new Date(iso).getTime() - t0) / span) * iw;
  const y = (score: number) => PAD.top + ih - (score / MAX) * ih;

  let d = '';
  scored.forEach((p, i) => {
    const px = x(p.at);
    const py = y(p.a.score);
    d += i === 0 ? `M${px},${py}` : ` H${px} V${py}`;
  });
  d += ` H${PAD.left + iw}`;

  const words = scored.map((p) => `${p.a.score} ${p.a.band.name} on ${formatDay(dayOf(p.at))}`).join('; ');
  const first = scored[0];
  return (
    <figure className="score-chart" data-testid="score-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Current score over time: ${words}`}>
        {bandKey.map((b) => (
          <g key={b.name}>
            <rect
              x={PAD.left}
              width={iw}
              y={y(b.max)}
              height={y(b.min - 1) - y(b.max)}
              fill={b.colour}
              opacity={0.32}
              data-band={b.name}
            />
            <text x={PAD.left - 4} y={y(b.max) + 7} className="chart-axis" textAnchor="end">
              {b.max}
            </text>
          </g>
        ))}
        <path d={d} className="chart-line" fill="none" />
        {scored.map((p, i) => (
          <circle
            key={`${p.at}-${i}`}
            cx={x(p.at)}
            cy={y(p.a.score)}
            r={p.kind === 'reviewed' ? 3.5 : 2.5}
            className={p.kind === 'reviewed' ? 'chart-point reviewed' : 'chart-point'}
            data-testid="chart-point"
            data-score={p.a.score}
          >
            <title>{`${p.a.score} ${p.a.band.name}, ${p.kind} ${formatDay(dayOf(p.at))}`}</title>
          </circle>
        ))}
        {first && (
          <text x={PAD.left} y={H - 6} className="chart-axis">
            {formatDay(dayOf(first.at))}
          </text>
        )}
        <text x={PAD.left + iw} y={H - 6} className="chart-axis" textAnchor="end">
          {formatDay(dayOf(now))}
        </text>
      </svg>
      <figcaption className="visually-hidden">{words}</figcaption>
    </figure>
  );
}
