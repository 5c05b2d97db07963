import { useMemo } from 'react';
import { TeamPanel } from '../team/TeamPanel.tsx';
import { flagsOf } from '../../shared/controls.ts';
import { notScoredCount } from '../../shared/scoring.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { bandStyle } from '../components/band-style.ts';
import { formatCount, plural } from '../format/text.ts';
import { ViewLoadingMark } from '../components/LoadProgress.tsx';
import { LeadershipFilters } from './Filters.tsx';
import { openFigure } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import type { Figure } from './model.ts';
import { dashboard } from './model.ts';
import { PresentButton, Presentation } from './Presentation.tsx';
import { RiskList } from './RiskList.tsx';
import { useLeadershipData } from './useLeadership.ts';
import { EscalationsPanel } from '../objectives/EscalationsPanel.tsx';
import './leadership.css';

/**
 * A figure as a tile. A band's tile is filled with the band's colour only when it counts something: an empty
 * one is quiet (a stripe of the colour, the count muted), so a "0" never shouts in red.
 */
function Tile({ figure, open }: { figure: Figure; open: boolean }) {
  const empty = figure.value === 0;
  const calm = empty && figure.empty ? figure.empty : null;
  const style = figure.band
    ? empty
      ? { boxShadow: `inset 6px 0 0 ${figure.band.colour}` }
      : bandStyle(figure.band)
    : undefined;
  const classes = ['lh-tile', figure.band && !empty ? 'lh-tile-band' : '', empty ? 'lh-tile-empty' : ''];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={style}
      aria-expanded={open}
      title={calm ?? undefined}
      data-testid={`figure-${figure.id}`}
      data-value={figure.value}
      onClick={() => openFigure(figure.id)}
    >
      <span className="lh-tile-value num">{formatCount(figure.value)}</span>
      <span className="lh-tile-label">{figure.band ? figure.band.name : figure.label}</span>
      {calm && (
        <span className="lh-tile-calm" data-testid={`figure-${figure.id}-empty`}>
          {calm}
        </span>
      )}
    </button>
  );
}

/** What leadership reviews: counts per band, and the figures that need their action. Each opens its risks. */
export function DashboardView() {
  const { filtered, bandKey } = useLeadershipData();
  const selectedId = useRisksStore((s) => s.selectedId);
  const categories = useLeadershipStore((s) => s.categories);
  const travel = useLeadershipStore((s) => s.travel);
  const reviewsAsOf = useLeadershipStore((s) => s.reviewsAsOf);
  const overdueActions = useLeadershipStore((s) => s.overdueActions);
  const controls = useLeadershipStore((s) => s.controls);
  const flags = useLeadershipStore((s) => s.flags);
  const fired = useLeadershipStore((s) => s.fired);
  const open = useLeadershipStore((s) => s.openFigure);
  const error = useLeadershipStore((s) => s.error);
  const presenting = useLeadershipStore((s) => s.presenting);

  const d = useMemo(
    () =>
      dashboard({
        risks: filtered,
        key: bandKey,
        categories,
        travel,
        reviewsAsOf,
        overdueActions,
        controls,
        // The flagged risks among those shown: the answer lists only the risks with something recorded.
        flags: flags ? flagsOf(filtered, flags) : [],
        fired,
      }),
    [filtered, bandKey, categories, travel, reviewsAsOf, overdueActions, controls, flags, fired],
  );
  const all = [...d.current, ...d.target, ...d.orange, ...d.attention];
  const figure = all.find((f) => f.id === open) ?? null;
  const kindOf = figure?.id.startsWith('target-') ? 'target' : 'current';

  return (
    <Presentation title="Dashboard">
      <div className="lh-view" data-testid="dashboard">
        <div className="lh-toolbar" role="toolbar" aria-label="Dashboard options">
          <LeadershipFilters />
          <span className="lh-toolbar-end">{!presenting && <PresentButton />}</span>
        </div>
        <ViewLoadingMark what="figures" />
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <section className="lh-section" aria-label="Risks by band">
          <h2>Risks by band</h2>
          <div className="lh-band-rows">
            <span className="lh-row-label">Current</span>
            <div className="lh-tiles">
              {d.current.map((f) => (
                <Tile key={f.id} figure={f} open={open === f.id} />
              ))}
              {d.notScored.length > 0 && (
                <span className="lh-tile-note" data-testid="not-scored">
                  {notScoredCount(d.notScored.length)} ({d.notScored.map((r) => r.ref).join(', ')})
                </span>
              )}
            </div>
            <span className="lh-row-label">Target</span>
            <div className="lh-tiles">
              {d.target.some((f) => f.value > 0) ? (
                d.target.map((f) => <Tile key={f.id} figure={f} open={open === f.id} />)
              ) : (
                <span className="lh-empty-state" data-testid="no-targets">
                  No risk has a target score yet. Set one in a risk’s panel, under “Inherent, current and
                  target”.
                </span>
              )}
              {d.noTarget > 0 && (
                <span className="lh-tile-note" data-testid="no-target">
                  {plural(d.noTarget, 'risk')} without a target score
                </span>
              )}
            </div>
          </div>
        </section>
        <section className="lh-section" aria-label="Appetite, controls and assurance">
          <h2>Appetite, controls and assurance</h2>
          <div className="lh-tiles">
            {d.orange.map((f) => (
              <Tile key={f.id} figure={f} open={open === f.id} />
            ))}
          </div>
        </section>
        <section className="lh-section" aria-label="Needs attention">
          <h2>Needs attention</h2>
          <div className="lh-tiles">
            {d.attention.map((f) => (
              <Tile key={f.id} figure={f} open={open === f.id} />
            ))}
          </div>
        </section>
        <EscalationsPanel />
        <TeamPanel />
        {figure && (
          <section className="lh-section" data-testid="figure-risks" aria-label={figure.label}>
            <header className="lh-section-head">
              <h2>
                {figure.label} · {plural(figure.risks.length, 'risk')}
              </h2>
              <button type="button" className="link" onClick={() => openFigure(null)}>
                Close list
              </button>
            </header>
            <RiskList
              risks={figure.risks}
              bandKey={bandKey}
              kind={kindOf}
              selectedId={selectedId}
              notes={figure.notes}
              empty={figure.empty}
              testId="figure-risk-list"
            />
          </section>
        )}
      </div>
    </Presentation>
  );
}
