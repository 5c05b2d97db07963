import { useState } from 'react';
import type { RiskRecord } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { refreshRisks, replaceRisk } from '../actions/risk-actions.ts';

/**
 * The risk's confidential flag: a confidential risk is left out of the board pack's public Part A and listed
 * in the exempt Part B. Saved at once and recorded in the risk's history.
 */
export function PanelConfidential({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <section className="panel-section" aria-label="Publication">
      <label className="panel-check">
        <input
          type="checkbox"
          data-testid="panel-confidential"
          checked={risk.confidential}
          disabled={readOnly || saving}
          onChange={async (e) => {
            const confidential = e.target.checked;
            setSaving(true);
            try {
              replaceRisk(
                await call('risks:set-confidential', { id: risk.id, version: risk.version, confidential }),
              );
              setError(null);
            } catch (err) {
              setError(messageOf(err));
              await refreshRisks();
            } finally {
              setSaving(false);
            }
          }}
        />{' '}
        Confidential: exempt from publication (board pack Part B only)
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
