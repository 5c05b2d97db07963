import { useEffect, useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { BoardPack as BoardPackData } from '../../shared/contract/board-pack.ts';
import type { BoardPackRequest } from '../../shared/export/board-pack.ts';
import type { SummaryRow, SummaryTable } from '../../shared/export/summary.ts';
import { ownersText } from '../../shared/export/summary.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { bandStyle } from '../components/band-style.ts';
import './board-pack.css';

const IMPACT_DOWN: readonly ScoreValue[] = [...SCORE_VALUES].reverse();

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
    call('export:board-pack', request)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [request]);

  const [fontsReady, setFontsReady] = useState(false);
  useEffect(() => {
    void document.fonts.ready.then(() => setFontsReady(true));
  }, []);
  const ready = fontsReady && (data !== null || error !== null);

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
      {data && <BoardPackPages table={data.table} bandKey={data.bandKey} />}
    </div>
  );
}

function BoardPackPages({ table, bandKey }: { table: SummaryTable; bandKey: BandKey }) {
  return (
    <>
      <header className="bp-title">
        <h1>{table.registerName}</h1>
        <p className="bp-asat">
          Summary as at <strong>{table.asAt}</strong>
        </p>
        <p className="bp-subtitle">{table.subtitle}</p>
      </header>
      <SummaryTableView table={table} />
      {table.withoutTarget.length > 0 && (
        <p className="bp-note">No target score yet: {table.withoutTarget.join(', ')}.</p>
      )}
      <KeyView table={table} />
      <section className="bp-heatmap-page" aria-labelledby="bp-heatmap-title">
        <h2 id="bp-heatmap-title">
          Heatmap · {table.scores === 'target' ? 'target scores' : 'current scores'} · as at {table.asAt}
        </h2>
        <PrintHeatmap rows={table.rows} bandKey={bandKey} />
      </section>
    </>
  );
}

function SummaryTableView({ table }: { table: SummaryTable }) {
  const header = (id: string) => table.columns.find((c) => c.id === id)?.header ?? id;
  // "Target I" needs a wider column than "I".
  const numCol = table.scores === 'target' ? 'bp-col-num bp-col-num-target' : 'bp-col-num';
  const travel = table.columns.some((c) => c.id === 'travel');
  return (
    <table className={travel ? 'bp-summary bp-with-travel' : 'bp-summary'} data-testid="bp-summary">
      <colgroup>
        <col className="bp-col-ref" />
        <col className="bp-col-category" />
        <col className="bp-col-description" />
        <col className={numCol} />
        <col className={numCol} />
        <col className="bp-col-score" />
        <col className="bp-col-mitigation" />
        <col className="bp-col-owner" />
        {travel && <col className="bp-col-travel" />}
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{header('ref')}</th>
          <th scope="col">{header('category')}</th>
          <th scope="col">{header('description')}</th>
          <th scope="col" className="bp-num">
            {header('impact')}
          </th>
          <th scope="col" className="bp-num">
            {header('likelihood')}
          </th>
          <th scope="col">{header('score')}</th>
          <th scope="col">{header('mitigation')}</th>
          <th scope="col">{header('owner')}</th>
          {travel && <th scope="col">{header('travel')}</th>}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr key={r.ref} data-testid={`bp-row-${r.ref}`}>
            <th scope="row" className="bp-ref">
              {r.ref}
            </th>
            <td>{r.category}</td>
            <td>{r.description}</td>
            <td className="bp-num">{r.impact ?? '—'}</td>
            <td className="bp-num">{r.likelihood ?? '—'}</td>
            {r.band && r.score !== null ? (
              <td
                className="bp-score"
                style={{ backgroundColor: r.band.colour, color: r.band.textColour }}
                data-band={r.band.name}
              >
                <span className="bp-score-num">{r.score}</span> {r.band.name}
              </td>
            ) : (
              <td className="bp-score bp-score-none">No target</td>
            )}
            <td>{r.mitigation}</td>
            <td className="bp-owner">{ownersText(r.owners)}</td>
            {travel && <td className="bp-travel">{r.travel ?? ''}</td>}
          </tr>
        ))}
        {table.rows.length === 0 && (
          <tr>
            <td colSpan={travel ? 9 : 8} className="bp-empty">
              No risks match: {table.subtitle}.
            </td>
          </tr>
        )}
      </tbody>
    </table>
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

/** The 5×5 grid for print: likelihood across, impact up, each cell its band's colour, name, count and refs. */
function PrintHeatmap({ rows, bandKey }: { rows: SummaryRow[]; bandKey: BandKey }) {
  const at = (impact: number, likelihood: number) =>
    rows.filter((r) => r.impact === impact && r.likelihood === likelihood).map((r) => r.ref);
  return (
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
              const refs = at(impact, likelihood);
              return (
                <td
                  key={likelihood}
                  className="bp-cell"
                  style={bandStyle(a.band)}
                  data-testid={`bp-cell-i${impact}-l${likelihood}`}
                >
                  <div className="bp-cell-top">
                    <span>
                      {a.score} {a.band.name}
                    </span>
                    {refs.length > 0 && <span className="bp-cell-count">{refs.length}</span>}
                  </div>
                  {refs.length > 0 && <div className="bp-cell-refs">{refs.join(' ')}</div>}
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
  );
}
