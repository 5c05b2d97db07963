import { useState } from 'react';
import type { RiskRecord } from '../../shared/domain.ts';
import { archiveRisk } from './workspace-actions.ts';

/** Archive the open risk, after a second click that says what will happen. */
export function PanelArchive({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return null;
  return (
    <section className="panel-section" aria-label="Archive">
      {asking ? (
        <p>
          Archive {risk.ref}? It leaves the register, summary and heatmap, and can be restored from Archived.{' '}
          <button
            type="button"
            className="danger"
            data-testid="panel-archive-confirm"
            onClick={() => void archiveRisk(risk).then(setError)}
          >
            Archive {risk.ref}
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" data-testid="panel-archive" onClick={() => setAsking(true)}>
          Archive this risk…
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
