import { StrictMode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { BandKey } from '../../shared/band-key.ts';
import type { BoardPack as BoardPackData } from '../../shared/contract/board-pack.ts';
import type { BoardPackRequest } from '../../shared/export/board-pack.ts';
import { parseBoardPackRoute, PRINT_NEXT_FUNCTION } from '../../shared/export/board-pack.ts';
import type { PackMove, PackRow } from '../../shared/export/board-pack-model.ts';
import { MOVE_GLYPHS } from '../../shared/export/board-pack-model.ts';
import type { SummaryTable } from '../../shared/export/summary.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { bandStyle } from '../components/band-style.ts';
import type { Arrow, Box, MoveToRoute } from '../leadership/movement.ts';
import { routeArrows } from '../leadership/movement.ts';
import {
  AppetitePage,
  Cover,
  CriteriaAppendix,
  Marking,
  MovedList,
  packColumns,
  PackTable,
  PartSummary,
} from './BoardPackParts.tsx';
import { AssuranceAppendix, ObjectivesPart } from './BoardPackOrange.tsx';
import './board-pack.css';

const IMPACT_DOWN: readonly ScoreValue[] = [...SCORE_VALUES].reverse();

/** A cell with more chips than this makes the whole grid dense (smaller chips), so it keeps to one page. */
const DENSE_FROM = 6;
/** The most chips a cell shows (five rows of three when dense); the rest are "+N more" (all are in the table). */
const CELL_CAP = 15;
/** Part B with this many risks or fewer none moved, gets the compact summary (its table follows at once; a move keeps the full summary with its reasons). */
const COMPACT_PART_B = 5;

/**
 * The board pack as the LGA publishes its summary, for print to PDF (A4 landscape): the title with the
 * register's name and as-at date, the summary table, the Key with its management actions, then the heatmap.
 * `data-ready` tells the printer when everything is drawn.
 */
export function BoardPack({ request }: { request: BoardPackRequest }) {
  const [data, setData] = useState<BoardPackData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    mark('data-asked');
    call('export:board-pack', request)
      .then((d) => {
        mark('data-received');
        if (live) setData(d);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [request]);

  const [fontsReady, setFontsReady] = useState(false);
  useEffect(() => {
    void document.fonts.ready.then(() => {
      mark('fonts-ready');
      setFontsReady(true);
    });
  }, []);
  const ready = fontsReady && (data !== null || error !== null);
  useEffect(() => {
    if (ready) mark('ready');
  }, [ready]);

  useEffect(() => {
    if (data) document.title = data.table.title;
  }, [data]);

  return (
    <div className="board-pack" data-testid="board-pack" data-ready={ready ? 'true' : 'false'}>
      {error && (
        <p className="bp-error" role="alert" data-testid="board-pack-error">
          {error}
        </p>
      )}
      {!data && !error && <p className="bp-loading">Preparing the board pack…</p>}
      {data && <BoardPackPages data={data} request={request} measured={fontsReady} />}
    </div>
  );
}

function BoardPackPages({
  data,
  request,
  measured,
}: {
  data: BoardPackData;
  request: BoardPackRequest;
  /** The fonts are in: what is measured for print may be measured. */
  measured: boolean;
}) {
  const { table, bandKey, pack } = data;
  const marking = pack.cover.marking;
  const shown = new Set(table.rows.map((r) => r.ref));
  // The subtitle explains the Moved column only when Part A's table prints one.
  const partAMoved = packColumns(pack.partA.rows.filter((r) => shown.has(r.ref))).travel;
  return (
    <>
      <Cover pack={pack} />
      <section className="bp-page" aria-labelledby="bp-summary-title" data-testid="bp-one-page-summary">
        <Marking text={marking} />
        <h2 id="bp-summary-title">Part A · Summary as at {pack.cover.asAt}</h2>
        <PartSummary part={pack.partA} pack={pack} />
        {pack.exemptCount > 0 && (
          <p className="bp-note" data-testid="bp-exempt-note">
            {pack.exemptCount === 1 ? '1 further risk is' : `${pack.exemptCount} further risks are`} exempt
            from publication and{' '}
            {request.exempt ? 'reported in Part B' : 'not included in this public version'}.
          </p>
        )}
      </section>
      <section className="bp-page bp-heatmap-page" aria-labelledby="bp-heatmap-title">
        <Marking text={marking} />
        <h2 id="bp-heatmap-title">
          Heatmap · current scores · as at {table.asAt} · movement {pack.baseline}
        </h2>
        <div className="bp-heatmap-layout">
          <MovementHeatmap rows={pack.partA.rows} moves={pack.partA.moves} bandKey={bandKey} />
          <aside className="bp-heatmap-side">
            <MovedList moves={pack.partA.moves} />
            <KeyView table={table} />
          </aside>
        </div>
      </section>
      <AppetitePage pack={pack} />
      {/* The table follows the appetite page's short list on the same page, so neither is near-empty. */}
      <section className="bp-table-part bp-flow" aria-labelledby="bp-table-title">
        <header className="bp-title">
          <h1 id="bp-table-title">{table.registerName}</h1>
          <p className="bp-asat">
            Summary as at <strong>{table.asAt}</strong>
          </p>
          <p className="bp-subtitle">
            {table.subtitle}
            {partAMoved && ` · Moved: only where the score or its cell changed ${pack.baseline}`}
          </p>
        </header>
        <PackTable table={table} part={pack.partA} testId="bp-summary" baseline={pack.baseline} />
      </section>
      <ObjectivesPart objectives={pack.partA.objectives} part="A" />
      <AssuranceAppendix appendix={pack.partA.assurance} part="A" />
      <CriteriaAppendix criteria={data.criteria} measure={measured} />
      {pack.partB && (
        <section className="bp-page bp-part-b" aria-labelledby="bp-part-b-title" data-testid="bp-part-b">
          <Marking text={marking} />
          <h2 id="bp-part-b-title">Part B · Exempt information: not for publication</h2>
          <p className="bp-note">
            These risks are marked confidential in the register. Part B is for members and officers entitled
            to see exempt information and is not published with Part A.
          </p>
          {pack.partB.rows.length === 0 ? (
            <p className="bp-note">No risk is marked confidential.</p>
          ) : (
            <>
              <PartSummary
                part={pack.partB}
                pack={pack}
                compact={pack.partB.rows.length <= COMPACT_PART_B && pack.partB.moves.length === 0}
              />
              <PackTable table={table} part={pack.partB} testId="bp-part-b-table" baseline={pack.baseline} />
            </>
          )}
        </section>
      )}
      {pack.partB && pack.partB.rows.length > 0 && (
        <>
          <ObjectivesPart objectives={pack.partB.objectives.filter((o) => o.risks.length > 0)} part="B" />
          <AssuranceAppendix appendix={pack.partB.assurance} part="B" />
        </>
      )}
    </>
  );
}

function KeyView({ table }: { table: SummaryTable }) {
  return (
    <table className="bp-key" data-testid="bp-key">
      <caption>Key</caption>
      <thead>
        <tr>
          <th scope="col">Score</th>
          <th scope="col">Band</th>
          <th scope="col">Management action</th>
        </tr>
      </thead>
      <tbody>
        {table.key.map((k) => (
          <tr key={k.name}>
            <td className="bp-num bp-range">{k.range}</td>
            <td className="bp-key-band" style={{ backgroundColor: k.colour, color: k.textColour }}>
              {k.name}
            </td>
            <td>{k.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A timestamp in the page's performance timeline (`rr:pack-<name>`), read by the print timing in the
 * benchmark (docs/performance.md, "Board pack PDF"); costs microseconds, draws nothing.
 */
export function mark(name: string): void {
  performance.mark(`rr:pack-${name}`);
}

/** The width and height of an arrow's ref label in the print's type (7.5 pt bold), measured once per ref. */
function labelSizer(host: HTMLElement): (ref: string) => { w: number; h: number } {
  const known = new Map<string, { w: number; h: number }>();
  return (ref) => {
    const seen = known.get(ref);
    if (seen) return seen;
    const probe = document.createElement('span');
    probe.className = 'bp-arrow-label-probe';
    probe.textContent = ref;
    host.appendChild(probe);
    const r = probe.getBoundingClientRect();
    probe.remove();
    const size = { w: Math.ceil(r.width || ref.length * 6) + 4, h: Math.ceil(r.height || 10) + 2 };
    known.set(ref, size);
    return size;
  };
}

/**
 * The 5×5 grid for print: likelihood across, impact up, each cell its band's colour and name, a chip per
 * risk, a faded "was" chip where a moved risk stood at the baseline, and an arrow from it to the risk's chip
 * now. The arrows are drawn beneath the chips, from edge to edge, so they cover no chip or label.
 */
function MovementHeatmap({ rows, moves, bandKey }: { rows: PackRow[]; moves: PackMove[]; bandKey: BandKey }) {
  const box = useRef<HTMLDivElement>(null);
  const [arrows, setArrows] = useState<Arrow[]>([]);
  const movedRefs = useMemo(() => new Map(moves.map((m) => [m.ref, m])), [moves]);
  // Each arrow is routed around every chip, cell label and count (the app's router, renderer/leadership/
  // movement.ts), so no line runs over another risk's chip or a cell's label and reads as its move (issue 12).
  // The router also places a label per arrow; the print leaves it out, since the arrow's two ends already name
  // the risk ("SR4 was", "SR4 ↑") and a label set away from a short arrow read as another risk's.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const origin = el.getBoundingClientRect();
    const boxOf = (node: Element): Box => {
      const r = node.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
    };
    const obstacles = [...el.querySelectorAll('.bp-chip, .bp-cell-label, .bp-cell-count')].map(boxOf);
    const cells = [...el.querySelectorAll('td.bp-cell')].map(boxOf);
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
    for (const m of moves) {
      const from = el.querySelector(`[data-was="${CSS.escape(m.ref)}"]`);
      const to = el.querySelector(`[data-chip="${CSS.escape(m.ref)}"]`);
      if (!from || !to) continue;
      toRoute.push({ id: m.ref, ref: m.ref, direction: m.direction, from: boxOf(from), to: boxOf(to) });
    }
    // Long moves first: they need the open lanes most (as the app does).
    const span = (r: MoveToRoute) => Math.hypot(r.to.x - r.from.x, r.to.y - r.from.y);
    toRoute.sort((a, b) => span(b) - span(a));
    setArrows(
      toRoute.length === 0 ? [] : routeArrows(toRoute, obstacles, area, { labelSize: labelSizer(el) }),
    );
    mark('arrows-routed');
  }, [moves, rows]);
  const at = (impact: number, likelihood: number) =>
    rows
      .filter((r) => r.current?.impact === impact && r.current.likelihood === likelihood)
      // Moved and outside-tolerance risks first, so a crowded cell never folds them into "+N more".
      .sort(
        (a, b) =>
          Number(movedRefs.has(b.ref)) - Number(movedRefs.has(a.ref)) ||
          Number(b.appetite === 'outside') - Number(a.appetite === 'outside'),
      );
  const wasAt = (impact: number, likelihood: number) =>
    moves.filter((m) => m.from.impact === impact && m.from.likelihood === likelihood);
  const crowd = Math.max(
    0,
    ...IMPACT_DOWN.flatMap((i) => SCORE_VALUES.map((l) => at(i, l).length + wasAt(i, l).length)),
  );
  const dense = crowd > DENSE_FROM;
  return (
    <div className={dense ? 'bp-heatmap-box bp-heatmap-dense' : 'bp-heatmap-box'} ref={box}>
      <table className="bp-heatmap" data-testid="bp-heatmap">
        <tbody>
          {IMPACT_DOWN.map((impact, i) => (
            <tr key={impact}>
              {i === 0 && (
                <th rowSpan={5} scope="rowgroup" className="bp-axis-title bp-axis-impact">
                  <span>Impact</span>
                </th>
              )}
              <th scope="row" className="bp-axis-label">
                {impact} {IMPACT_LABELS[impact]}
              </th>
              {SCORE_VALUES.map((likelihood) => {
                const a = assess(impact, likelihood, bandKey);
                const here = at(impact, likelihood);
                const was = wasAt(impact, likelihood);
                return (
                  <td
                    key={likelihood}
                    className="bp-cell"
                    style={bandStyle(a.band)}
                    data-testid={`bp-cell-i${impact}-l${likelihood}`}
                  >
                    <div className="bp-cell-top">
                      <span className="bp-cell-label">
                        {a.score} {a.band.name}
                      </span>
                      {here.length > 0 && <span className="bp-cell-count">{here.length}</span>}
                    </div>
                    <div className="bp-cell-refs">
                      {(here.length + was.length > CELL_CAP
                        ? here.slice(0, Math.max(0, CELL_CAP - 1 - was.length))
                        : here
                      ).map((r) => {
                        const m = movedRefs.get(r.ref);
                        return (
                          <span key={r.ref} className="bp-chip" data-chip={r.ref}>
                            {r.ref}
                            {m && ` ${MOVE_GLYPHS[m.direction]}`}
                            {r.appetite === 'outside' && ' ◆'}
                          </span>
                        );
                      })}
                      {here.length + was.length > CELL_CAP && (
                        <span className="bp-chip bp-chip-more" data-testid="bp-chip-more">
                          +{here.length + was.length - CELL_CAP + 1} more
                        </span>
                      )}
                      {was.map((m) => (
                        <span key={`was-${m.ref}`} className="bp-chip bp-chip-was" data-was={m.ref}>
                          {m.ref} was
                        </span>
                      ))}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <td colSpan={2} />
            {SCORE_VALUES.map((l) => (
              <th key={l} scope="col" className="bp-axis-label">
                {l} {LIKELIHOOD_LABELS[l]}
              </th>
            ))}
          </tr>
          <tr>
            <td colSpan={2} />
            <th colSpan={5} scope="colgroup" className="bp-axis-title">
              Likelihood
            </th>
          </tr>
        </tbody>
      </table>
      <svg className="bp-arrows" aria-hidden="true" data-testid="bp-arrows">
        <defs>
          <marker
            id="bp-arrowhead"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#111" />
          </marker>
        </defs>
        {arrows.map((a) => (
          <g key={a.ref} data-arrow={a.ref} data-crossings={a.crossings}>
            <path d={a.d} fill="none" stroke="#fff" strokeWidth={4} />
            <path d={a.d} fill="none" stroke="#111" strokeWidth={1.5} markerEnd="url(#bp-arrowhead)" />
          </g>
        ))}
      </svg>
    </div>
  );
}

/**
 * Draw the print view of `request` in `mount` (main.tsx loads this chunk, never the app's, and calls this). The
 * printer keeps this page for its next print (a warm print page) and hands it the next route through
 * `window[PRINT_NEXT_FUNCTION]`. Each request is a new pack (its own key): nothing of the previous one's state or
 * rows is kept, and the previous pack is replaced before the function returns (flushSync), so the printer's wait for
 * `data-ready` can never see the previous pack's "ready".
 */
export function startBoardPack(mount: HTMLElement, request: BoardPackRequest): void {
  const reactRoot = createRoot(mount);
  let printNo = 0;
  const show = (next: BoardPackRequest) =>
    reactRoot.render(
      <StrictMode>
        <BoardPack key={++printNo} request={next} />
      </StrictMode>,
    );
  show(request);
  Object.defineProperty(window, PRINT_NEXT_FUNCTION, {
    value: (route: unknown): boolean => {
      const next = typeof route === 'string' ? parseBoardPackRoute(route) : null;
      if (!next) return false;
      history.replaceState(null, '', route as string);
      flushSync(() => show(next));
      return true;
    },
  });
}
