import { useState } from 'react';
import type { ObjectiveWithExposure } from '../../shared/objectives.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../shared/objectives.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { markSaved } from '../actions/view-actions.ts';
import type { Outcome } from '../components/OutcomeNotice.tsx';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';
import { linkRisk, readObjectives, useReload } from './objectives-data.ts';
import './objectives.css';

function ObjectiveCard({ o, onChanged }: { o: ObjectiveWithExposure; onChanged: () => void }) {
  const risks = useRisksStore((s) => s.risks);
  const [pick, setPick] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const e = o.exposure;
  const unlinked = risks.filter((r) => !o.riskIds.includes(r.id));
  const act = async (riskId: string, linked: boolean) => {
    const refusal = await linkRisk(o.id, riskId, linked);
    setMessage(refusal);
    setPick('');
    onChanged();
  };
  return (
    <li className="objective" data-testid={`objective-${o.ref}`}>
      <h3>
        <span className="objective-ref">{o.ref}</span> {o.title}{' '}
        <span className={`objective-status objective-status-${o.status}`} data-testid="objective-status">
          {OBJECTIVE_STATUS_LABELS[o.status]}
        </span>
      </h3>
      {o.lead && <p className="muted">Lead: {o.lead}</p>}
      <p data-testid="objective-exposure">
        {e.highest === null
          ? 'No risks linked.'
          : `Highest current score ${e.highest} (${e.highestBand ?? ''}); ${e.bands
              .filter((b) => b.count > 0)
              .map((b) => `${b.count} ${b.band}`)
              .join(', ')}; ${e.outsideTolerance} outside appetite.`}
      </p>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      <ul className="objective-risks">
        {o.riskIds.map((id, i) => {
          const r = risks.find((x) => x.id === id);
          return (
            <li key={id}>
              <strong>{o.riskRefs[i]}</strong> {r?.description ?? ''}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Unlink ${o.riskRefs[i] ?? ''} from ${o.ref}`}
                onClick={() => void act(id, false)}
              >
                Unlink
              </button>
            </li>
          );
        })}
      </ul>
      <label>
        Link a risk{' '}
        <select
          value={pick}
          aria-label={`Link a risk to ${o.ref}`}
          onChange={(ev) => {
            setPick(ev.target.value);
            if (ev.target.value) void act(ev.target.value, true);
          }}
        >
          <option value="">Choose a risk…</option>
          {unlinked.map((r) => (
            <option key={r.id} value={r.id}>
              {r.ref} {r.description.slice(0, 60)}
            </option>
          ))}
        </select>
      </label>
    </li>
  );
}

/** The organisation's objectives: each with its RAG status, its exposure and its risks, which can be (un)linked. */
export function ObjectivesView() {
  const { data, error, reload } = useReload(readObjectives);
  const [imported, setImported] = useState<Outcome | null>(null);
  const importFile = async () => {
    try {
      // The main process asks which file (its own open dialog) and imports it all or nothing.
      const out = await call('objectives:import-chosen', {});
      if (!out) return;
      setImported({
        text: `Imported ${out.fileName}: ${out.created} added, ${out.updated} updated, ${out.unchanged} unchanged.`,
        error: false,
      });
      markSaved();
    } catch (e) {
      setImported({ text: messageOf(e), error: true });
    } finally {
      reload();
    }
  };
  return (
    <section className="objectives-view" data-testid="objectives-view">
      <p>
        <button type="button" data-testid="import-objectives" onClick={() => void importFile()}>
          Import objectives…
        </button>{' '}
        <span className="hint">From a CSV or XLSX with columns ref, title, lead and status.</span>
      </p>
      <OutcomeNotice outcome={imported} testId="objectives-import-outcome" />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {data && data.length === 0 && (
        <p className="hint">
          No objectives yet. Import them with the button above, or from the command line: risk-register
          objectives import FILE --db REGISTER.
        </p>
      )}
      <ul className="objective-list">
        {data?.map((o) => (
          <ObjectiveCard key={o.id} o={o} onChanged={reload} />
        ))}
      </ul>
    </section>
  );
}
