/** The cabinet paper's parts: cover, one-page summary, what moved, the table with targets and owner names. */
import { useLayoutEffect, useRef, useState } from 'react';
import type { AppetiteStatus } from '../../shared/appetite.ts';
import { APPETITE_STATUS_GLYPHS, APPETITE_STATUS_LABELS } from '../../shared/appetite.ts';
import type {
  BandCount,
  BoardPackModel,
  PackMove,
  PackOrangeFigure,
  PackPart,
  PackRow,
  PackScore,
} from '../../shared/export/board-pack-model.ts';
import { MOVE_GLYPHS, moveWords } from '../../shared/export/board-pack-model.ts';
import type { SummaryTable } from '../../shared/export/summary.ts';
import type { CriteriaLayout, Span } from '../../shared/export/criteria-break.ts';
import { criteriaBreak } from '../../shared/export/criteria-break.ts';
import type { ScoringCriteria } from '../../shared/criteria.ts';
import { criteriaRows } from '../../shared/criteria.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';

export function Marking({ text }: { text: string }) {
  return (
    <p className="bp-marking" data-testid="bp-marking">
      {text}
    </p>
  );
}

export function Cover({ pack }: { pack: BoardPackModel }) {
  const c = pack.cover;
  return (
    <section className="bp-cover" data-testid="bp-cover" aria-labelledby="bp-cover-title">
      <Marking text={c.marking} />
      <div className="bp-cover-body">
        <p className="bp-cover-kicker">Strategic risk report</p>
        <h1 id="bp-cover-title">{c.registerName}</h1>
        <p className="bp-cover-asat">As at {c.asAt}</p>
        <dl className="bp-cover-facts">
          <dt>Version</dt>
          <dd>{c.version || '—'}</dd>
          <dt>Protective marking</dt>
          <dd>{c.marking}</dd>
          <dt>Prepared by</dt>
          <dd>{c.preparedBy || '—'}</dd>
          <dt>Approved by</dt>
          <dd>{c.approvedBy || '—'}</dd>
          <dt>Contents</dt>
          <dd>{c.contents}</dd>
          <dt>Movement</dt>
          <dd>{pack.baseline}</dd>
        </dl>
      </div>
      <Marking text={c.marking} />
    </section>
  );
}

export function PartSummary({
  part,
  pack,
  compact = false,
}: {
  part: PackPart;
  pack: BoardPackModel;
  /**
   * A part of a few risks (Part B, usually): the counts and the Orange Book figures only, and the overdue
   * work in a line, since its table (with scores, status and what moved) follows at once.
   */
  compact?: boolean;
}) {
  const above = part.rows
    .filter((r) => r.aboveAppetite)
    .sort((a, b) => (b.current?.score ?? 0) - (a.current?.score ?? 0));
  const hasBefore = part.counts.some((c) => c.before !== null);
  const total = (f: (c: BandCount) => number | null) => part.counts.reduce((n, c) => n + (f(c) ?? 0), 0);
  return (
    <div className={compact ? 'bp-summary-grid bp-summary-compact' : 'bp-summary-grid'}>
      <div>
        <table className="bp-counts" data-testid="bp-counts">
          <caption>Risks per band</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col" className="bp-num">
                Now
              </th>
              {hasBefore && (
                <th scope="col" className="bp-num">
                  At “{pack.baselineName}”
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {[...part.counts].reverse().map((c) => (
              <tr key={c.name} data-testid={`bp-count-${c.name}`}>
                <th scope="row" style={{ backgroundColor: c.colour, color: c.textColour }}>
                  {c.name}
                </th>
                <td className="bp-num">{c.now}</td>
                {hasBefore && <td className="bp-num">{c.before ?? '—'}</td>}
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td className="bp-num">{total((c) => c.now)}</td>
              {hasBefore && <td className="bp-num">{total((c) => c.before)}</td>}
            </tr>
          </tbody>
        </table>
        {compact && (
          <p className="bp-note">
            Overdue:{' '}
            {part.overdueReviews.length === 0
              ? 'no review'
              : `reviews of ${part.overdueReviews.map((v) => v.ref).join(', ')}`}
            ;{' '}
            {part.overdueActions.length === 0
              ? 'no action'
              : `${part.overdueActions.length} action${part.overdueActions.length === 1 ? '' : 's'} (${[...new Set(part.overdueActions.map((a) => a.ref))].join(', ')})`}
            .
          </p>
        )}
        <h3 className="bp-summary-full">
          {part.topBands.join(' and ')} risks ({part.top.length})
        </h3>
        {part.top.length === 0 ? (
          <p className="bp-summary-full">None.</p>
        ) : (
          <ul className="bp-list bp-summary-full" data-testid="bp-top">
            {part.top.slice(0, SUMMARY_CAP.top).map((r) => (
              <li key={r.ref}>
                <strong>{r.ref}</strong> {r.current?.score} {r.current?.band}:{' '}
                <span className="bp-clamp">{r.title ?? r.description}</span>
              </li>
            ))}
            <More refs={part.top.slice(SUMMARY_CAP.top).map((r) => `${r.ref} ${r.current?.score ?? ''}`)} />
          </ul>
        )}
      </div>
      <div className="bp-summary-full">
        <h3>What moved and why ({pack.baseline})</h3>
        {part.moves.length === 0 ? (
          <p>No score moved.</p>
        ) : (
          <ul className="bp-list" data-testid="bp-moves">
            {part.moves.slice(0, SUMMARY_CAP.moves).map((m) => (
              <li key={m.ref}>
                <strong>{m.ref}</strong> {moveWords(m)}
                <span className="bp-reasons">
                  {' '}
                  — {m.reasons.length > 0 ? m.reasons.join('; ') : 'no reason recorded'}
                </span>
              </li>
            ))}
            <More
              refs={part.moves
                .slice(SUMMARY_CAP.moves)
                .map((m) => `${m.ref} ${MOVE_GLYPHS[m.direction]} ${m.to.score}`)}
              what="(reasons in the table)"
            />
          </ul>
        )}
        <h3>Above appetite ({part.aboveAppetite.length})</h3>
        {part.aboveAppetite.length === 0 ? (
          <p>None, or no appetite set.</p>
        ) : (
          <ul className="bp-list" data-testid="bp-appetite">
            {above.slice(0, SUMMARY_CAP.appetite).map((r) => (
              <li key={r.ref}>
                <strong>{r.ref}</strong> {r.appetite ? APPETITE_STATUS_GLYPHS[r.appetite] : ''}{' '}
                {r.appetiteText}
              </li>
            ))}
            <More refs={above.slice(SUMMARY_CAP.appetite).map((r) => `${r.ref} ${r.current?.score ?? ''}`)} />
          </ul>
        )}
        <h3>Overdue reviews ({part.overdueReviews.length})</h3>
        {part.overdueReviews.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="bp-list bp-inline-list" data-testid="bp-overdue-reviews">
            {part.overdueReviews.slice(0, SUMMARY_CAP.reviews).map((v) => (
              <li key={v.ref}>
                <strong>{v.ref}</strong> due {v.nextReview} ({v.daysOverdue} days)
              </li>
            ))}
            <More refs={part.overdueReviews.slice(SUMMARY_CAP.reviews).map((v) => v.ref)} />
          </ul>
        )}
        <h3>Overdue actions ({part.overdueActions.length})</h3>
        {part.overdueActions.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="bp-list" data-testid="bp-overdue-actions">
            {part.overdueActions.slice(0, SUMMARY_CAP.actions).map((a, i) => (
              <li key={`${a.ref}-${i}`}>
                <strong>{a.ref}</strong> {a.text} · {a.owner} · due {a.due}
              </li>
            ))}
            <More
              refs={part.overdueActions.slice(SUMMARY_CAP.actions).map((a) => a.ref)}
              what="(in the risk owners' action lists)"
            />
          </ul>
        )}
      </div>
      <OrangeSummary figures={part.orange} />
    </div>
  );
}

/**
 * How many entries each summary list names in full; the rest are named by ref on one line, so the summary
 * stays one page for a crowded register (60 risks and a busy quarter).
 */
const SUMMARY_CAP = { top: 10, moves: 6, appetite: 4, reviews: 8, actions: 3 } as const;

/** The tail of a capped list: "and 12 more: SR3 16, SR9 15, …" (nothing when nothing is left). */
function More({ refs, what }: { refs: string[]; what?: string }) {
  if (refs.length === 0) return null;
  return (
    <li className="bp-more">
      and {refs.length} more{what ? ` ${what}` : ''}: {refs.map((r) => r.trim()).join(', ')}
    </li>
  );
}

/** How many reasons each Orange Book figure names before the rest are folded into one line. */
const ORANGE_GROUP_CAP = 4;

/** How many refs a reason names before it says how many more ("… and 46 more (58 risks)"). */
const ORANGE_REF_CAP = 12;

/**
 * The dashboard's Orange Book figures for this part (shared/orange-figures.ts): each number, and which risks
 * by reason, or the calm sentence for a figure that counts nothing.
 */
export function OrangeSummary({ figures }: { figures: PackOrangeFigure[] }) {
  return (
    <div className="bp-orange-col">
      <h3>Orange Book figures</h3>
      <table className="bp-orange" data-testid="bp-orange">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className="bp-num">
              No.
            </th>
            <th scope="col">Which risks, and why</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => {
            const shown = f.groups.slice(0, ORANGE_GROUP_CAP);
            const rest = f.groups.slice(ORANGE_GROUP_CAP);
            const restRefs = [...new Set(rest.flatMap((g) => g.refs))];
            return (
              <tr key={f.id} data-testid={`bp-orange-${f.id}`}>
                <th scope="row">{f.label}</th>
                <td className="bp-num bp-orange-value">{f.value}</td>
                <td>
                  {f.groups.length === 0 ? (
                    <span className="bp-orange-empty">{f.empty}</span>
                  ) : (
                    <>
                      {shown.map((g) => (
                        <span key={g.reason} className="bp-orange-group">
                          <strong>{g.refs.slice(0, ORANGE_REF_CAP).join(', ')}</strong>
                          {g.refs.length > ORANGE_REF_CAP &&
                            ` and ${g.refs.length - ORANGE_REF_CAP} more (${g.refs.length} risks)`}{' '}
                          {g.reason}
                        </span>
                      ))}
                      {restRefs.length > 0 && (
                        <span className="bp-orange-group">
                          <strong>{restRefs.slice(0, ORANGE_REF_CAP).join(', ')}</strong>
                          {restRefs.length > ORANGE_REF_CAP &&
                            ` and ${restRefs.length - ORANGE_REF_CAP} more`}{' '}
                          for {rest.length} other reasons (see the appendix)
                        </span>
                      )}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function MovedList({ moves }: { moves: PackMove[] }) {
  return (
    <div className="bp-moved" data-testid="bp-moved-list">
      <h3>What moved</h3>
      {moves.length === 0 ? (
        <p>No score moved.</p>
      ) : (
        <ul className="bp-list">
          {moves.map((m) => (
            <li key={m.ref}>
              <strong>{m.ref}</strong>{' '}
              {m.direction === 'unchanged'
                ? `→ ${m.to.score} ${m.to.band} (same score), I ${m.from.impact} × L ${m.from.likelihood} to I ${m.to.impact} × L ${m.to.likelihood}`
                : `${MOVE_GLYPHS[m.direction]} ${m.from.score} ${m.from.band} to ${m.to.score} ${m.to.band}`}
            </li>
          ))}
        </ul>
      )}
      {/* The now/was chips and arrows are explained only when something moved, with a ref that did. */}
      <p className="bp-legend" data-testid="bp-heatmap-legend">
        {moves[0] && (
          <>
            <span className="bp-chip">{moves[0].ref}</span> now ·{' '}
            <span className="bp-chip bp-chip-was">{moves[0].ref}</span> was · ↑↓ direction ·{' '}
            {moves.some((m) => m.direction === 'unchanged') && '→ same score, other cell · '}
          </>
        )}
        ◆ outside appetite tolerance
      </p>
    </div>
  );
}

function ScoreCell({
  score,
  appetite,
  none,
}: {
  score: PackScore | null;
  appetite: AppetiteStatus | null;
  /** What an empty cell says: "No target", or "Not scored" for a current score not yet assessed. */
  none: string;
}) {
  if (!score) return <td className="bp-score bp-score-none">{none}</td>;
  return (
    <td
      className="bp-score"
      style={{ backgroundColor: score.colour, color: score.textColour }}
      data-band={score.band}
    >
      <span className="bp-score-num">{score.score}</span> {score.band}
      <span className="bp-score-il">
        I {score.impact} × L {score.likelihood}
      </span>
      {appetite && (
        <span className="bp-appetite-status" data-appetite={appetite}>
          {APPETITE_STATUS_GLYPHS[appetite]} {APPETITE_STATUS_LABELS[appetite]}
        </span>
      )}
    </td>
  );
}

/**
 * The "Risk appetite" page: each category with an appetite or a statement (its level, appetite and tolerance,
 * and the statement the board approved); the categories with neither are named in one line under the table
 * rather than printed as rows of dashes (issue 12), and with none set anywhere the page says so in a sentence.
 */
export function AppetitePage({ pack }: { pack: BoardPackModel }) {
  const set = pack.appetite.filter((a) => a.appetite !== null || a.statement !== '');
  const unset = pack.appetite.filter((a) => a.appetite === null && a.statement === '').map((a) => a.category);
  return (
    <section
      className="bp-page bp-appetite-page"
      aria-labelledby="bp-appetite-title"
      data-testid="bp-appetite-page"
    >
      <Marking text={pack.cover.marking} />
      <h2 id="bp-appetite-title">Risk appetite</h2>
      {set.length === 0 ? (
        <p className="bp-note" data-testid="bp-appetite-none">
          No risk appetite has been set for any category yet, so no score is marked against appetite.
        </p>
      ) : (
        <>
          <p className="bp-legend">
            ✓ within appetite · ◇ above appetite, within tolerance · ◆ outside tolerance (the status beside
            each score)
          </p>
          <table className="bp-summary bp-appetite-table">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Level</th>
                <th scope="col">Appetite up to</th>
                <th scope="col">Tolerance up to</th>
                <th scope="col">Statement (approved)</th>
              </tr>
            </thead>
            <tbody>
              {set.map((a) => (
                <tr key={a.category} data-testid={`bp-appetite-${a.category}`}>
                  <th scope="row">{a.category}</th>
                  <td>{a.level}</td>
                  <td>{a.appetite ?? '—'}</td>
                  <td>{a.tolerance ?? '—'}</td>
                  <td>
                    {a.statement || <em>No statement recorded.</em>}
                    {a.approved && <span className="bp-approved"> (approved {a.approved})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {unset.length > 0 && (
            <p className="bp-note" data-testid="bp-appetite-unset">
              No appetite set yet for {unset.join(', ')}.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Which of the table's optional columns have something in them for these rows: a column that would print
 * "No target", "—" or nothing on every row is left out (issue 12), and `omittedNote` says so under the table.
 */
export interface PackColumns {
  target: boolean;
  treatment: boolean;
  travel: boolean;
}

export function packColumns(rows: readonly PackRow[]): PackColumns {
  return {
    target: rows.some((r) => r.target !== null),
    treatment: rows.some((r) => r.treatment !== null),
    travel: rows.some((r) => r.travel !== null && r.travel !== ''),
  };
}

/** One line for the columns left out, where a reader would look for them; null when none is. */
export function omittedNote(columns: PackColumns, baseline: string): string | null {
  const notes = [
    columns.target ? null : 'No target scores set yet.',
    columns.treatment ? null : 'No treatment decision recorded yet.',
    columns.travel ? null : `No score moved ${baseline}.`,
  ].filter((n): n is string => n !== null);
  return notes.length === 0 ? null : notes.join(' ');
}

/**
 * The summary table's rows (filtered and sorted as asked) in this part, with targets and owner names. The
 * target score, Treatment and Moved columns print only when some row of this table has something in them.
 */
export function PackTable({
  table,
  part,
  testId,
  baseline,
}: {
  table: SummaryTable;
  part: PackPart;
  testId: string;
  /** "since the snapshot “Q2 2026” of 01/07/2026", for the line saying no score moved. */
  baseline: string;
}) {
  const byRef = new Map(part.rows.map((r) => [r.ref, r]));
  const rows = table.rows.filter((r) => byRef.has(r.ref));
  const target = table.scores === 'target';
  const show = packColumns(rows.flatMap((s) => byRef.get(s.ref) ?? []));
  // The primary score (the one the table is filtered and sorted by) always prints; the other only when it
  // has something, or always when it is the current score.
  const first = target ? show.target : true;
  const second = target ? true : show.target;
  const span = 5 + Number(first) + Number(second) + Number(show.treatment) + Number(show.travel);
  const note = rows.length > 0 ? omittedNote(show, baseline) : null;
  // The width a left-out column would have taken (board-pack.css: score 25 mm, treatment 20 mm, travel
  // 22 mm) is shared between the description and the mitigation, so neither wraps more than it must.
  const freed = (first && second ? 0 : 25) + (show.treatment ? 0 : 20) + (show.travel ? 0 : 22);
  const mitigationWidth = freed > 0 ? { width: `calc(27% + ${freed / 2}mm)` } : undefined;
  return (
    <>
      <table className="bp-summary bp-pack-table" data-testid={testId}>
        <colgroup>
          <col className="bp-col-ref" />
          <col className="bp-col-category" />
          <col className="bp-col-description" />
          {first && <col className="bp-col-score" />}
          {second && <col className="bp-col-score" />}
          <col className="bp-col-mitigation" style={mitigationWidth} />
          <col className="bp-col-owner" />
          {show.treatment && <col className="bp-col-treatment" />}
          {show.travel && <col className="bp-col-travel" />}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Category</th>
            <th scope="col">Description of risk</th>
            {first && <th scope="col">{target ? 'Target score (I × L)' : 'Current score (I × L)'}</th>}
            {second && <th scope="col">{target ? 'Current score' : 'Target score'}</th>}
            <th scope="col">Mitigation</th>
            <th scope="col">Owner</th>
            {show.treatment && <th scope="col">Treatment</th>}
            {show.travel && <th scope="col">Moved</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const r = byRef.get(s.ref);
            if (!r) return null;
            return (
              <tr key={r.ref} data-testid={`bp-row-${r.ref}`}>
                <th scope="row" className="bp-ref">
                  {r.ref}
                </th>
                <td>{r.category}</td>
                <td>
                  {r.title && <span className="bp-title-text">{r.title}</span>}
                  {r.description}
                  {r.causeEventEffect && <span className="bp-cee">{r.causeEventEffect}</span>}
                </td>
                {first && (
                  <ScoreCell
                    score={target ? r.target : r.current}
                    appetite={target ? null : r.appetite}
                    none={target ? 'No target' : 'Not scored'}
                  />
                )}
                {second && (
                  <ScoreCell
                    score={target ? r.current : r.target}
                    appetite={target ? r.appetite : null}
                    none={target ? 'Not scored' : 'No target'}
                  />
                )}
                <td>{r.mitigation}</td>
                <td className="bp-owner">{r.owners.join(', ')}</td>
                {show.treatment && <td>{r.treatment ?? '—'}</td>}
                {show.travel && <td className="bp-travel">{r.travel ?? ''}</td>}
              </tr>
            );
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={span} className="bp-empty">
                No risks match: {table.subtitle}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {note && (
        <p className="bp-note bp-omitted" data-testid={`${testId}-omitted`}>
          {note}
        </p>
      )}
    </>
  );
}

/**
 * The criteria appendix laid out as printed: a copy at the printed width (277 mm, no screen padding), off-screen,
 * measured and removed. Null when the page is not laid out (no size, as in jsdom).
 */
function measureCriteriaForPrint(section: HTMLElement): CriteriaLayout | null {
  const host = document.createElement('div');
  host.className = 'board-pack';
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText =
    'position:absolute;left:-100000px;top:0;width:277mm;max-width:none;padding:0;margin:0;visibility:hidden';
  const copy = section.cloneNode(true) as HTMLElement;
  copy.removeAttribute('data-testid');
  copy.querySelectorAll('[id]').forEach((e) => e.removeAttribute('id'));
  copy.querySelectorAll('.bp-break-before').forEach((e) => e.classList.remove('bp-break-before'));
  host.appendChild(copy);
  document.body.appendChild(host);
  try {
    const top = copy.getBoundingClientRect().top;
    const span = (e: Element): Span => {
      const b = e.getBoundingClientRect();
      return { top: b.top - top, bottom: b.bottom - top };
    };
    const impact = copy.querySelector('[data-testid="bp-criteria-impact"]');
    const likelihood = copy.querySelector('[data-testid="bp-criteria-likelihood"]');
    const head = impact?.querySelector('thead');
    if (!impact || !likelihood || !head) return null;
    const height = copy.getBoundingClientRect().height;
    if (height <= 0) return null;
    const caption = likelihood.querySelector('caption');
    const tail = span(likelihood);
    if (caption) tail.top = Math.min(tail.top, span(caption).top);
    return {
      height,
      headHeight: head.getBoundingClientRect().height,
      rows: [...impact.querySelectorAll('tbody tr')].map(span),
      tail,
    };
  } finally {
    host.remove();
  }
}

/** The appendix: the register's scoring criteria, impact per area and likelihood, levels 1–5 across. */
export function CriteriaAppendix({ criteria, measure }: { criteria: ScoringCriteria; measure: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const [breakAt, setBreakAt] = useState<number | null>(null);
  // Criteria longer than a page: break the Impact table where every page of theirs stays filled (issue 12),
  // measured once the fonts are in (`measure`), before the printer is told the pack is ready.
  useLayoutEffect(() => {
    const section = ref.current;
    if (!measure || !section) return;
    const layout = measureCriteriaForPrint(section);
    setBreakAt(layout ? criteriaBreak(layout) : null);
    performance.mark('rr:pack-criteria-measured');
  }, [criteria, measure]);
  const table = (scale: 'impact' | 'likelihood', caption: string, words: Record<ScoreValue, string>) => (
    <table className="bp-criteria" data-testid={`bp-criteria-${scale}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{scale === 'impact' ? 'Impact' : 'Likelihood'}</th>
          {SCORE_VALUES.map((l) => (
            <th key={l} scope="col">
              {l} {words[l]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {criteriaRows(criteria, scale).map((row, i) => (
          <tr
            key={row.area}
            className={scale === 'impact' && i === breakAt ? 'bp-break-before' : undefined}
            data-break={scale === 'impact' && i === breakAt ? 'balanced' : undefined}
          >
            <th scope="row">{row.label}</th>
            {row.levels.map((text, i) => (
              <td key={i}>{text}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  // The appendix follows what precedes it on the same page when it fits there whole, and starts a page of its
  // own when it does not (break-inside: avoid), so the last page of the table or the controls appendix is
  // never left a few lines long before it (issue 12). The marking heads it only on a page of its own; the
  // footer carries the marking on every page.
  return (
    <section
      ref={ref}
      className="bp-page bp-appendix bp-flow"
      aria-labelledby="bp-criteria-title"
      data-testid="bp-criteria"
    >
      <h2 id="bp-criteria-title">Appendix · Scoring criteria</h2>
      <p className="bp-note">
        Every score is impact × likelihood. Impact is the worst credible effect in any one area; likelihood is
        judged as a probability or a time frame, whichever fits the risk.
      </p>
      {table('impact', 'Impact', IMPACT_LABELS)}
      {table('likelihood', 'Likelihood', LIKELIHOOD_LABELS)}
    </section>
  );
}
