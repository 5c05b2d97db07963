import type { RiskRecord } from '../../shared/domain.ts';
import { linkRisk, readObjectives, useReload } from './objectives-data.ts';
import { useState } from 'react';

/** The open risk's objectives: the ones it threatens, with link and unlink. */
export function ObjectivesSection({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const { data, reload } = useReload(readObjectives);
  const [message, setMessage] = useState<string | null>(null);
  if (!data || data.length === 0) return null;
  const linked = data.filter((o) => o.riskIds.includes(risk.id));
  const others = data.filter((o) => !o.riskIds.includes(risk.id));
  const act = async (objectiveId: string, on: boolean) => {
    setMessage(await linkRisk(objectiveId, risk.id, on));
    reload();
  };
  return (
    <section className="panel-section" aria-labelledby="objectives-heading" data-testid="objectives-section">
      <h3 id="objectives-heading">Objectives</h3>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      {linked.length === 0 && <p className="muted">Not linked to any objective.</p>}
      <ul>
        {linked.map((o) => (
          <li key={o.id}>
            <strong>{o.ref}</strong> {o.title}{' '}
            {!readOnly && (
              <button type="button" className="link" onClick={() => void act(o.id, false)}>
                Unlink
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && others.length > 0 && (
        <select
          aria-label="Link to an objective"
          value=""
          onChange={(e) => {
            if (e.target.value) void act(e.target.value, true);
          }}
        >
          <option value="">Link to an objective…</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.ref} {o.title.slice(0, 60)}
            </option>
          ))}
        </select>
      )}
    </section>
  );
}
