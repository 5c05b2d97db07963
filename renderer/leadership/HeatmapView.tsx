import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ScoreKind } from '../../shared/domain.ts';
import { SCORE_KINDS } from '../../shared/domain.ts';
import { DIRECTION_ARROWS } from '../../shared/travel.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, notScoredCount } from '../../shared/scoring.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { formatDate } from '../format/dates.ts';
import { plural } from '../format/text.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { ViewLoadingMark } from '../components/LoadProgress.tsx';
import { LeadershipFilters } from './Filters.tsx';
import { Heatmap } from './Heatmap.tsx';
import { closeCell, exportPng, setAgainst, setKind } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import type { Move } from './model.ts';
import { cellKey, KIND_LABELS, movesSinceReview, movesSinceSnapshot, placeRisks } from './model.ts';
import { PresentButton, Presentation } from './Presentation.tsx';
import { RiskList } from './RiskList.tsx';
import { useLeadershipData } from './useLeadership.ts';
import './leadership.css';

const NOUN: Record<ScoreKind, string> = { inherent: 'an inherent', current: 'a current', target: 'a target' };

/** The heatmap view: score kind, filters, movement since an earlier point, the grid, and a cell's risks. */
export function HeatmapView() {
  const { filtered, bandKey } = useLeadershipData();
  const selectedId = useRisksStore((s) => s.selectedId);
  const registerName = useRegisterStore((s) => s.status?.settings.name ?? 'Risk register');
  const kind = useLeadershipStore((s) => s.kind);
  const against = useLeadershipStore((s) => s.against);
  const open = useLeadershipStore((s) => s.openCell);
  const categories = useLeadershipStore((s) => s.categories);
  const snapshots = useLeadershipStore((s) => s.snapshots);
  const travel = useLeadershipStore((s) => s.travel);
  const comparison = useLeadershipStore((s) => s.comparison);
  const error = useLeadershipStore((s) => s.error);
  const presenting = useLeadershipStore((s) => s.presenting);
  const exportNote = useLeadershipStore((s) => s.exportNote);

  const moves: Move[] = useMemo(() => {
    if (kind !== 'current' || against === 'none') return [];
    if (against === 'review') return movesSinceReview(travel, filtered, bandKey);
    return comparison ? movesSinceSnapshot(comparison, filtered, bandKey) : [];
  }, [kind, against, travel, comparison, filtered, bandKey]);

  const { byCell, unscored } = placeRisks(filtered, kind);
  const openRisks = open ? (byCell.get(cellKey(open.impact, open.likelihood)) ?? []) : [];
  const openAssessment = open
    ? assess(open.impact as ScoreValue, open.likelihood as ScoreValue, bandKey)
    : null;
  const snapshotName = snapshots.find((s) => s.id === against)?.name;
  const sinceWords =
    against === 'review' ? 'the previous review' : snapshotName ? `the snapshot “${snapshotName}”` : '';

  return (
    <Presentation title={`Heatmap, ${KIND_LABELS[kind].toLowerCase()} scores`}>
      <div className="lh-view" data-testid="heatmap-view">
        <div className="lh-toolbar" role="toolbar" aria-label="Heatmap options">
          <div className="lh-segmented" role="group" aria-label="Score shown">
            {SCORE_KINDS.map((k) => (
              <button
                key={k}
                type="button"
                aria-pressed={kind === k}
                data-testid={`kind-${k}`}
                onClick={() => setKind(k)}
              >
                {KIND_LABELS[k]}
              </button>
            ))}
          </div>
          <LeadershipFilters />
          <label className="lh-field">
            Movement since
            <select
              data-testid="movement-against"
              value={against}
              disabled={kind !== 'current'}
              title={kind !== 'current' ? 'Movement is shown for current scores.' : undefined}
              onChange={(e) => void setAgainst(e.target.value)}
            >
              <option value="none">Don’t show</option>
              <option value="review">Previous review</option>
              {snapshots.map((s) => (
                <option key={s.id} value={s.id}>
                  Snapshot: {s.name} ({formatDate(new Date(s.takenAt))})
                </option>
              ))}
            </select>
          </label>
          <span className="lh-toolbar-end">
            <button
              type="button"
              data-testid="export-png"
              onClick={() =>
                void exportPng({
                  risks: filtered,
                  bandKey,
                  kind,
                  categories,
                  moves,
                  title: `${registerName} · ${KIND_LABELS[kind]} risk scores`,
                })
              }
            >
              Export PNG
            </button>
            {!presenting && <PresentButton />}
          </span>
        </div>
        {exportNote && (
          <p
            className={exportNote.ok ? 'lh-saved' : 'notice notice-error'}
            role={exportNote.ok ? 'status' : 'alert'}
            data-testid="export-note"
          >
            {exportNote.text}
          </p>
        )}
        <ViewLoadingMark what="cells" />
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {/* The grid with the "what moved" list beside it. */}
        <div
          className={
            against !== 'none' && kind === 'current' ? 'lh-heat-layout with-moves' : 'lh-heat-layout'
          }
        >
          <Heatmap
            risks={filtered}
            bandKey={bandKey}
            selectedId={selectedId}
            kind={kind}
            categories={categories}
            moves={moves}
            open={open}
          />
          {against !== 'none' && kind === 'current' && (
            <section className="lh-section" data-testid="movement-list" aria-label="What moved">
              <h2>
                What moved since {sinceWords} · {plural(moves.length, 'risk')}
              </h2>
              {moves.length === 0 ? (
                <p className="lh-empty">No risk has changed cell since {sinceWords}.</p>
              ) : (
                <MovesList moves={moves} presenting={presenting} />
              )}
            </section>
          )}
        </div>
        <p className="lh-legend">
          <span>
            <span className="appetite-mark">◆</span> outside appetite tolerance
          </span>
          {moves.length > 0 && (
            <span>
              Each arrow, labelled with its ref, runs from the faded “was” chip where a risk stood to where it
              is now: solid when the score went up, dashed when it went down.
            </span>
          )}
          {unscored.length > 0 && kind === 'current' && (
            <span data-testid="unscored">
              {notScoredCount(unscored.length)}: not on the grid ({unscored.map((r) => r.ref).join(', ')}).
            </span>
          )}
          {unscored.length > 0 && kind !== 'current' && (
            <span data-testid="unscored">
              {plural(unscored.length, 'risk')} without {NOUN[kind]} score{' '}
              {unscored.length === 1 ? 'is' : 'are'} not shown ({unscored.map((r) => r.ref).join(', ')}).
            </span>
          )}
        </p>
        {open && openAssessment && (
          <section className="lh-section" data-testid="cell-risks" aria-label="Risks in the chosen cell">
            <header className="lh-section-head">
              <h2>
                Impact {open.impact} {IMPACT_LABELS[open.impact as ScoreValue]} × likelihood {open.likelihood}{' '}
                {LIKELIHOOD_LABELS[open.likelihood as ScoreValue]} · {openAssessment.score}{' '}
                {openAssessment.band.name} · {plural(openRisks.length, 'risk')}
              </h2>
              <button type="button" className="link" onClick={closeCell}>
                Close list
              </button>
            </header>
            <RiskList
              risks={openRisks}
              bandKey={bandKey}
              kind={kind}
              selectedId={selectedId}
              testId="cell-risk-list"
            />
          </section>
        )}
      </div>
    </Presentation>
  );
}

/**
 * The "what moved" list. Presenting, it keeps to the grid's height (a crowded quarter would otherwise run past
 * the bottom of a 1280×720 projector): it scrolls inside its own box, and a "+N more" button under it says how
 * many moves are below the fold and scrolls to them, so the room sees that the list goes on. Every move is also
 * labelled on the grid itself. Columns were not chosen: beside the grid there is room for one column at
 * projector type, and a column of 15 moves, or 40, would still not fit.
 */
function MovesList({ moves, presenting }: { moves: Move[]; presenting: boolean }) {
  const list = useRef<HTMLUListElement>(null);
  const [below, setBelow] = useState(0);
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => {
      const bottom = el.getBoundingClientRect().bottom;
      // A move counts as below the fold when more than 1.5 px of it is hidden (not a sub-pixel at the end).
      setBelow([...el.children].filter((li) => li.getBoundingClientRect().bottom > bottom + 1.5).length);
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      resize?.disconnect();
    };
  }, [moves, presenting]);
  return (
    <>
      <ul
        className="lh-moves"
        ref={list}
        data-testid="moves-list"
        // A list that scrolls inside its box must be reachable from the keyboard (axe: scrollable-region-focusable).
        tabIndex={presenting ? 0 : undefined}
        aria-label={presenting ? 'What moved (scrolls)' : undefined}
      >
        {moves.map((m) => (
          <li key={m.riskId} className={`move-${m.direction}`}>
            <span aria-hidden="true" className="move-arrow">
              {DIRECTION_ARROWS[m.direction === 'unchanged' ? 'unchanged' : m.direction]}
            </span>{' '}
            {m.text}
          </li>
        ))}
      </ul>
      {below > 0 && (
        <button
          type="button"
          className="link lh-moves-more"
          data-testid="moves-more"
          onClick={() => list.current?.scrollBy({ top: list.current.clientHeight * 0.8 })}
        >
          +{below} more ↓
        </button>
      )}
    </>
  );
}
