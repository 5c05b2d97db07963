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
import type { Arrow, Box, MoveToRoute } from './movement.ts';
import { routeArrows } from './movement.ts';
import './leadership.css';

const IMPACT_DOWN: readonly ScoreValue[] = [...SCORE_VALUES].reverse();

const NO_MOVES: readonly Move[] = [];

/**
 * Arrows routed lately, by everything the routing read (chips, area, moves, label sizes): showing a layout again
 * (back from presenting, the same window size again) costs no routing. The oldest goes past a dozen layouts.
 */
const routedLately = new Map<string, Arrow[]>();
const ROUTED_KEEP = 12;

/** The label's box for a ref: its text measured in the label's own type (a probe beside the grid), plus room for the halo. */
function labelSizer(host: HTMLElement): (ref: string) => { w: number; h: number } {
  const size = host.closest('.presentation') ? 14 : 11;
  const known = new Map<string, { w: number; h: number }>();
  return (ref) => {
    const seen = known.get(ref);
    if (seen) return seen;
    const probe = document.createElement('span');
    probe.textContent = ref;
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font-weight:700;font-size:${size}px`;
    host.appendChild(probe);
    const measured = probe.getBoundingClientRect().width;
    probe.remove();
    const box = { w: Math.ceil(measured || ref.length * size * 0.65) + 6, h: size + 5 };
    known.set(ref, box);
    return box;
  };
}

/** Measure the chips after layout and route an arrow per move (renderer/leadership/movement.ts). */
function useMoveArrows(
  wrap: React.RefObject<HTMLDivElement | null>,
  moves: readonly Move[],
  idPrefix: string,
): Arrow[] {
  const [arrows, setArrows] = useState<Arrow[]>([]);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    let lastKey = '';
    let live = true;
    const measure = () => {
      const origin = el.getBoundingClientRect();
      const boxOf = (node: Element): Box => {
        const r = node.getBoundingClientRect();
        return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
      };
      // Everything an arrow must not cover: chips, was-chips, cell labels, counts and "press to list" notes.
      const obstacles = [
        ...el.querySelectorAll('.heat-ref, .heat-was, .heat-band, .heat-open, .heat-more'),
      ].map(boxOf);
      // Arrows stay within the grid's cells (off the axis labels).
      const cells = [...el.querySelectorAll('td.heat-cell')].map(boxOf);
      if (cells.length === 0) return;
      const x0 = Math.min(...cells.map((c) => c.x));
      const y0 = Math.min(...cells.map((c) => c.y));
      const area: Box = {
        x: x0,
        y: y0,
        w: Math.max(...cells.map((c) => c.x + c.w)) - x0,
        h: Math.max(...cells.map((c) => c.y + c.h)) - y0,
      };
      const toRoute: MoveToRoute[] = [];
      if (moves.length === 0) {
        setArrows((before) => (before.length === 0 ? before : []));
        return;
      }
      for (const m of moves) {
        const was = el.querySelector(`[data-was="${CSS.escape(m.riskId)}"]`);
        const cell = el.querySelector(
          `[data-testid="${idPrefix}heat-cell-i${m.to.impact}-l${m.to.likelihood}"]`,
        );
        // The chip now, or the cell's count when the cell is too crowded for chips.
        const now =
          cell?.querySelector(`[data-risk-id="${CSS.escape(m.riskId)}"]`) ??
          cell?.querySelector('.heat-open');
        if (!was || !now) continue;
        toRoute.push({ id: m.riskId, ref: m.ref, direction: m.direction, from: boxOf(was), to: boxOf(now) });
      }
      // Long moves first: they need the open lanes most; short ones find their way around them.
      const span = (r: MoveToRoute) => Math.hypot(r.to.x - r.from.x, r.to.y - r.from.y);
      toRoute.sort((a, b) => span(b) - span(a));
      // Routing costs a few ms per arrow: only again when something it depends on moved.
      const key = JSON.stringify([obstacles, area, toRoute, el.closest('.presentation') !== null]);
      if (key === lastKey) return;
      lastKey = key;
      // Routing at once (slicing it over several tasks made the arrows late under load: see docs/board-pack.md).
      const labelSize = labelSizer(el);
      const cacheKey = JSON.stringify([key, toRoute.map((m) => labelSize(m.ref))]);
      const route = () => {
        const t0 = performance.now();
        const routed = routeArrows(toRoute, obstacles, area, { labelSize });
        // A user-timing entry per routing, read by the routing bench (test/bench/routing.ts).
        performance.measure('rr:route-arrows', { start: t0, detail: { arrows: toRoute.length } });
        return routed;
      };
      const next = routedLately.get(cacheKey) ?? route();
      routedLately.delete(cacheKey);
      routedLately.set(cacheKey, next);
      for (const old of routedLately.keys()) {
        if (routedLately.size <= ROUTED_KEEP) break;
        routedLately.delete(old);
      }
      setArrows((before) => (JSON.stringify(before) === JSON.stringify(next) ? before : next));
    };
    // Chips move when web fonts arrive or a cell reflows without the grid changing size: measure again then,
    // once per frame at most.
    let frame = 0;
    const soon = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (live) measure();
      });
    };
    measure();
    void document.fonts?.ready.then(soon);
    soon();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(soon);
    ro.observe(el);
    const table = el.querySelector('table');
    if (table) ro.observe(table);
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      ro.disconnect();
    };
  }, [wrap, moves, idPrefix]);
  return arrows;
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
  const arrows = useMoveArrows(wrap, moves, idPrefix);
  const toCell = new Map(moves.map((m) => [m.riskId, `i${m.to.impact}-l${m.to.likelihood}`]));
  const origins = new Set(moves.map((m) => cellKey(m.from.impact, m.from.likelihood)));
  const wasAt = (impact: number, likelihood: number) =>
    moves.filter((m) => m.from.impact === impact && m.from.likelihood === likelihood);

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
                                data-risk-id={r.id}
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
                    {wasAt(impact, likelihood).length > 0 && (
                      <ul className="heat-was-list" aria-label="Where moved risks were">
                        {wasAt(impact, likelihood).map((m) => (
                          <li key={m.riskId}>
                            <span className="heat-was" data-was={m.riskId} data-testid={`heat-was-${m.ref}`}>
                              {m.ref} was
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
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
      {arrows.length > 0 && (
        <svg className="track-lines" aria-hidden="true" data-testid="track-lines">
          <defs>
            <marker
              id={`${idPrefix}lh-arrow`}
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="4"
              markerHeight="4"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="track-head" />
            </marker>
          </defs>
          {arrows.map((a) => (
            <g
              key={a.id}
              className={`track track-${a.direction}`}
              data-arrow={a.ref}
              data-risk={a.id}
              data-to={toCell.get(a.id)}
              data-crossings={a.crossings}
            >
              <path d={a.d} className="track-halo" />
              <path d={a.d} className="track-line" markerEnd={`url(#${idPrefix}lh-arrow)`} />
              {a.leader && (
                <line
                  className="track-leader"
                  x1={a.leader[0][0]}
                  y1={a.leader[0][1]}
                  x2={a.leader[1][0]}
                  y2={a.leader[1][1]}
                />
              )}
              <text
                x={a.label[0]}
                y={a.label[1]}
                className="track-label"
                dominantBaseline="central"
                textAnchor="middle"
              >
                {a.ref}
              </text>
            </g>
          ))}
        </svg>
      )}
    </div>
  );
}
