import { useLayoutEffect, useRef, useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import { APPETITE_STATUS_GLYPHS, appetiteStatusText, isOutsideTolerance } from '../../shared/appetite.ts';
import type { CategoryRecord, RiskRecord, ScoreKind } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { bandStyle } from '../components/band-style.ts';
import { plural } from '../format/text.ts';
import { openCell, showCell } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import type { Move } from './model.ts';
import { cellKey, CROWDED, KIND_LABELS, pairOf, placeRisks } from './model.ts';
import './leadership.css';

const IMPACT_DOWN: readonly ScoreValue[] = [...SCORE_VALUES].reverse();

const NO_MOVES: readonly Move[] = [];

interface Line {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  direction: Move['direction'];
}

/** Track lines from each moved risk's old cell to its new one, along the foot of the cells (below the refs). */
function useTrackLines(
  wrap: React.RefObject<HTMLDivElement | null>,
  moves: readonly Move[],
  idPrefix: string,
): Line[] {
  const [lines, setLines] = useState<Line[]>([]);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      const centre = (i: number, l: number) => {
        const c = el.querySelector(`[data-testid="${idPrefix}heat-cell-i${i}-l${l}"]`);
        if (!c) return null;
        const r = c.getBoundingClientRect();
        return {
          x: r.left - box.left + el.scrollLeft + r.width / 2,
          y: r.top - box.top + el.scrollTop + r.height * 0.8,
        };
      };
      const seen = new Map<string, number>();
      const next: Line[] = [];
      for (const m of moves) {
        const a = centre(m.from.impact, m.from.likelihood);
        const b = centre(m.to.impact, m.to.likelihood);
        if (!a || !b) continue;
        // Several risks on the same track: fan them out so each line can be seen.
        const pairKey = `${m.from.impact}${m.from.likelihood}${m.to.impact}${m.to.likelihood}`;
        const n = seen.get(pairKey) ?? 0;
        seen.set(pairKey, n + 1);
        const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        const off = (n % 2 === 0 ? 1 : -1) * Math.ceil(n / 2) * 8;
        const ox = (-(b.y - a.y) / len) * off;
        const oy = ((b.x - a.x) / len) * off;
        // Stop short of the centre so the arrowhead does not cover the count.
        const shorten = Math.min(28, len / 3);
        next.push({
          id: m.riskId,
          x1: a.x + ox,
          y1: a.y + oy,
          x2: b.x + ox - ((b.x - a.x) / len) * shorten,
          y2: b.y + oy - ((b.y - a.y) / len) * shorten,
          direction: m.direction,
        });
      }
      setLines((before) => (JSON.stringify(before) === JSON.stringify(next) ? before : next));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [wrap, moves, idPrefix]);
  return lines;
}

/**
 * The 5×5 grid: likelihood across (1 → 5), impact up (1 → 5). Each cell shows its band's colour and
 * name, how many risks sit there and their refs (or, when crowded, the count and a list on demand).
 * Risks outside their appetite tolerance are marked ◆ (with words on hover and for screen readers); moves since an earlier point are drawn as tracks.
 */
export function Heatmap({
  risks,
  bandKey,
  selectedId,
  kind = 'current',
  categories = [],
  moves = NO_MOVES,
  open = null,
  idPrefix = '',
}: {
  risks: readonly RiskRecord[];
  bandKey: BandKey;
  selectedId: string | null;
  kind?: ScoreKind;
  categories?: readonly CategoryRecord[];
  moves?: readonly Move[];
  open?: { impact: number; likelihood: number } | null;
  /** Put before the test ids, when a second grid (such as a preview) shares the page. */
  idPrefix?: string;
}) {
  const { byCell } = placeRisks(risks, kind);
  const wrap = useRef<HTMLDivElement>(null);
  const lines = useTrackLines(wrap, moves, idPrefix);
  const origins = new Set(moves.map((m) => cellKey(m.from.impact, m.from.likelihood)));

  return (
    <div className="heatmap-wrap lh-heatmap-wrap" ref={wrap}>
      <table className="heatmap" data-testid={`${idPrefix}heatmap`} data-kind={kind}>
        <caption className="visually-hidden">
          {KIND_LABELS[kind]} scores: risks by impact (rows) and likelihood (columns)
        </caption>
        <colgroup>
          <col className="axis-title-col" />
          <col className="axis-label-col" />
          <col span={5} />
        </colgroup>
        <tbody>
          {IMPACT_DOWN.map((impact, row) => (
            <tr key={impact}>
              {row === 0 && (
                <th rowSpan={5} scope="rowgroup" className="axis-title axis-title-impact">
                  <span>Impact</span>
                </th>
              )}
              <th scope="row" className="axis-label axis-label-impact">
                <span className="num">{impact}</span> {IMPACT_LABELS[impact]}
              </th>
              {SCORE_VALUES.map((likelihood) => {
                const a = assess(impact, likelihood, bandKey);
                const here = byCell.get(cellKey(impact, likelihood)) ?? [];
                const crowded = here.length > CROWDED;
                const isOpen = open?.impact === impact && open.likelihood === likelihood;
                const where = `impact ${impact} ${IMPACT_LABELS[impact]}, likelihood ${likelihood} ${LIKELIHOOD_LABELS[likelihood]}`;
                const classes = ['heat-cell'];
                if (isOpen) classes.push('open');
                if (origins.has(cellKey(impact, likelihood))) classes.push('track-origin');
                return (
                  <td
                    key={likelihood}
                    className={classes.join(' ')}
                    style={bandStyle(a.band)}
                    data-testid={`${idPrefix}heat-cell-i${impact}-l${likelihood}`}
                    data-count={here.length}
                    data-band={a.band.name}
                    aria-label={`${where}: score ${a.score} ${a.band.name}, ${plural(here.length, 'risk')}`}
                    onClick={here.length > 0 ? () => openCell(impact, likelihood) : undefined}
                  >
                    <div className="heat-cell-top">
                      <span className="heat-band">
                        <span className="num">{a.score}</span> {a.band.name}
                      </span>
                      {here.length > 0 && (
                        <button
                          type="button"
                          className="heat-open num"
                          data-testid="heat-count"
                          aria-expanded={isOpen}
                          aria-label={`List the ${plural(here.length, 'risk')} at ${where} (${a.score} ${a.band.name})`}
                          onClick={(e) => {
                            e.stopPropagation();
                            openCell(impact, likelihood);
                          }}
                        >
                          {here.length}
                        </button>
                      )}
                    </div>
                    {here.length > 0 && !crowded && (
                      <ul className="heat-refs">
                        {here.map((r) => {
                          // A mark on chips outside tolerance (glyph and words, never colour alone).
                          const note = isOutsideTolerance(r, categories, pairOf(r, kind))
                            ? appetiteStatusText(r, categories, pairOf(r, kind))
                            : null;
                          const cls = ['heat-ref'];
                          if (r.id === selectedId) cls.push('selected');
                          if (note) cls.push('outside');
                          return (
                            <li key={r.id}>
                              <button
                                type="button"
                                className={cls.join(' ')}
                                data-testid={`heat-ref-${r.ref}`}
                                data-outside={note ? 'true' : undefined}
                                onClick={(e) => {
                                  e.stopPropagation();
                                  selectRisk(r.id);
                                  // Presenting, the panel is covered: show the cell's list with the risk in it.
                                  if (useLeadershipStore.getState().presenting) showCell(impact, likelihood);
                                }}
                                title={note ? `${r.description}\n${note}` : r.description}
                                aria-label={note ? `${r.ref}, outside tolerance` : r.ref}
                              >
                                {r.ref}
                                {note && (
                                  <span className="appetite-mark" aria-hidden="true">
                                    {APPETITE_STATUS_GLYPHS.outside}
                                  </span>
                                )}
                              </button>
                            </li>
                          );
                        })}
                      </ul>
                    )}
                    {crowded && <p className="heat-more">{plural(here.length, 'risk')}: press to list</p>}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <td colSpan={2} />
            {SCORE_VALUES.map((likelihood) => (
              <th key={likelihood} scope="col" className="axis-label axis-label-likelihood">
                <span className="num">{likelihood}</span> {LIKELIHOOD_LABELS[likelihood]}
              </th>
            ))}
          </tr>
          <tr>
            <td colSpan={2} />
            <th colSpan={5} scope="colgroup" className="axis-title axis-title-likelihood">
              Likelihood
            </th>
          </tr>
        </tbody>
      </table>
      {lines.length > 0 && (
        <svg className="track-lines" aria-hidden="true" data-testid="track-lines">
          <defs>
            <marker
              id="lh-arrow"
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="5"
              markerHeight="5"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="track-head" />
            </marker>
          </defs>
          {lines.map((l) => (
            <g key={l.id} className={`track track-${l.direction}`}>
              <line x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} className="track-halo" />
              <line
                x1={l.x1}
                y1={l.y1}
                x2={l.x2}
                y2={l.y2}
                className="track-line"
                markerEnd="url(#lh-arrow)"
              />
              <circle cx={l.x1} cy={l.y1} r={4} className="track-start" />
            </g>
          ))}
        </svg>
      )}
    </div>
  );
}
