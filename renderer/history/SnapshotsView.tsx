import { useEffect, useState } from 'react';
import type { OwnerChange, RiskLine, RiskMove } from '../../shared/travel.ts';
import { dayOf } from '../../shared/travel.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { bandForScore } from '../../shared/band-key.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { chooseComparison, compareSnapshots, loadSnapshots, takeSnapshot } from './history-actions.ts';
import { useSnapshotsStore } from './stores.ts';
import { ARROWS, formatDay, formatWhen } from './words.ts';
import './history.css';

function Lines({ lines, testid, empty }: { lines: RiskLine[]; testid: string; empty: string }) {
  const bandKey = useRegisterStore(selectBandKey);
  if (lines.length === 0) return <p className="history-empty">{empty}</p>;
  return (
    <ul className="comparison-list" data-testid={testid}>
      {lines.map((l) => (
        <li key={l.riskId}>
          <strong>{l.ref}</strong>{' '}
          <BandBadge band={l.score ? bandForScore(l.score.score, bandKey) : null} score={l.score?.score} />{' '}
          {l.description}
        </li>
      ))}
    </ul>
  );
}

function Moves({ moves, testid, empty }: { moves: RiskMove[]; testid: string; empty: string }) {
  if (moves.length === 0) return <p className="history-empty">{empty}</p>;
  return (
    <ul className="comparison-list" data-testid={testid}>
      {moves.map((m) => (
        <li key={m.riskId} data-testid={`${testid}-${m.ref}`}>
          <span className={`travel-arrow travel-${m.direction}`} aria-hidden="true">
            {ARROWS[m.direction]}
          </span>{' '}
          <strong>{m.ref}</strong> {m.text} <span className="muted">· {m.description}</span>
        </li>
      ))}
    </ul>
  );
}

function Owners({ changes }: { changes: OwnerChange[] }) {
  if (changes.length === 0) return <p className="history-empty">No owners changed.</p>;
  return (
    <ul className="comparison-list" data-testid="compare-owners">
      {changes.map((c) => (
        <li key={c.riskId}>
          <strong>{c.ref}</strong> {c.from.join(' ') || '(none)'} → {c.to.join(' ') || '(none)'}
          {c.added.length > 0 && ` (added ${c.added.join(', ')})`}
          {c.removed.length > 0 && ` (removed ${c.removed.join(', ')})`}
        </li>
      ))}
    </ul>
  );
}

/** Take named snapshots of the register, list them, and compare any two (or one with now). */
export function SnapshotsView() {
  const { list, loaded, fromId, toId, comparison, busy, error } = useSnapshotsStore();
  const [name, setName] = useState('');
  useEffect(() => {
    void loadSnapshots();
  }, []);

  const label = (id: string) => {
    if (id === 'now') return 'now';
    const s = list.find((x) => x.id === id);
    return s ? `${s.name} (${formatDay(dayOf(s.takenAt))})` : id;
  };

  return (
    <div className="history-view" data-testid="snapshots-view">
      <form
        className="inline-form"
        aria-label="Take a snapshot"
        onSubmit={(e) => {
          e.preventDefault();
          void takeSnapshot(name).then((ok) => ok && setName(''));
        }}
      >
        <label>
          Snapshot name
          <input
            className="input"
            value={name}
            placeholder="Q4 2018/19"
            data-testid="snapshot-name"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="snapshot-take">
          Take snapshot
        </button>
        <span className="hint">Freezes every live risk as it stands; snapshots cannot be changed.</span>
      </form>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="snapshots-heading">
        <h2 id="snapshots-heading">Snapshots</h2>
        {loaded && list.length === 0 ? (
          <p className="history-empty">No snapshots yet. Take one at each quarter's committee.</p>
        ) : (
          <table className="history-table" data-testid="snapshot-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Taken</th>
                <th scope="col">By</th>
                <th scope="col" className="num">
                  Risks
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-testid={`snapshot-${s.name}`}>
                  <td>{s.name}</td>
                  <td className="nowrap date">{formatWhen(s.takenAt)}</td>
                  <td>{s.takenBy}</td>
                  <td className="num">{s.riskCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {list.length > 0 && (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare</h2>
          <form
            className="inline-form"
            aria-label="Compare snapshots"
            onSubmit={(e) => {
              e.preventDefault();
              void compareSnapshots();
            }}
          >
            <label>
              From
              <select
                className="input"
                value={fromId}
                data-testid="compare-from"
                onChange={(e) => chooseComparison({ fromId: e.target.value })}
              >
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {label(s.id)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To
              <select
                className="input"
                value={toId}
                data-testid="compare-to"
                onChange={(e) => chooseComparison({ toId: e.target.value })}
              >
                <option value="now">The register now</option>
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {label(s.id)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy || !fromId} data-testid="compare-run">
              Compare
            </button>
          </form>
          {comparison && (
            <div className="comparison" data-testid="comparison">
              <p className="history-summary" data-testid="comparison-summary">
                From {comparison.from.name} to {comparison.to.id === 'now' ? 'now' : comparison.to.name}:{' '}
                {comparison.newRisks.length} new, {comparison.closedRisks.length} closed,{' '}
                {comparison.bandUp.length} up a band, {comparison.bandDown.length} down a band,{' '}
                {comparison.scoreChanges.length} score{' '}
                {comparison.scoreChanges.length === 1 ? 'change' : 'changes'},{' '}
                {comparison.ownerChanges.length} owner{' '}
                {comparison.ownerChanges.length === 1 ? 'change' : 'changes'}, {comparison.unchanged}{' '}
                unchanged.
              </p>
              <div className="comparison-group">
                <h3>Band up</h3>
                <Moves moves={comparison.bandUp} testid="compare-band-up" empty="No risk moved up a band." />
              </div>
              <div className="comparison-group">
                <h3>Band down</h3>
                <Moves
                  moves={comparison.bandDown}
                  testid="compare-band-down"
                  empty="No risk moved down a band."
                />
              </div>
              <div className="comparison-group">
                <h3>All score changes</h3>
                <Moves moves={comparison.scoreChanges} testid="compare-scores" empty="No score changed." />
              </div>
              <div className="comparison-group">
                <h3>New risks</h3>
                <Lines lines={comparison.newRisks} testid="compare-new" empty="No new risks." />
              </div>
              <div className="comparison-group">
                <h3>Closed risks</h3>
                <Lines lines={comparison.closedRisks} testid="compare-closed" empty="No risks closed." />
              </div>
              <div className="comparison-group">
                <h3>Owner changes</h3>
                <Owners changes={comparison.ownerChanges} />
              </div>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
