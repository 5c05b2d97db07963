import { useState } from 'react';
import type { AppetiteLevel } from '../../shared/appetite.ts';
import {
  APPETITE_LEVEL_LABELS,
  APPETITE_LEVELS,
  APPETITE_STATUS_GLYPHS,
  APPETITE_STATUS_LABELS,
  appetiteStatusText,
  describeLimits,
  isAppetiteLevel,
  riskAppetite,
} from '../../shared/appetite.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { refreshRisks, replaceRisk } from '../actions/risk-actions.ts';
import { useDirectoryStore } from './directory-actions.ts';

/**
 * The risk's appetite: its status now (glyph and words: within appetite, within tolerance, outside tolerance) and
 * the level it is judged against, its category's or its own. A risk may take its own level with a reason,
 * recorded in its history. Decided in shared/appetite.ts, like every other view.
 */
export function PanelAppetite({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const categories = useDirectoryStore((s) => s.categories);
  const [level, setLevel] = useState<AppetiteLevel | ''>(risk.appetiteOverride?.level ?? '');
  const [reason, setReason] = useState(risk.appetiteOverride?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const a = categories ? riskAppetite(risk, categories) : null;
  const words = categories ? appetiteStatusText(risk, categories) : null;
  const changed =
    (level || null) !== (risk.appetiteOverride?.level ?? null) ||
    (level !== '' && reason.trim() !== (risk.appetiteOverride?.reason ?? ''));

  return (
    <section className="panel-section" aria-label="Appetite" data-testid="panel-appetite">
      <h3>Appetite</h3>
      {a && a.status ? (
        <p className={`appetite-status appetite-${a.status}`} data-testid="panel-appetite-status">
          <strong>
            <span aria-hidden="true">{APPETITE_STATUS_GLYPHS[a.status]} </span>
            {APPETITE_STATUS_LABELS[a.status]}
          </strong>
          {/* The sentence begins with the status itself: print the rest after the bold words. */}
          {(words ?? '').slice(APPETITE_STATUS_LABELS[a.status].length)}. {describeLimits(a)}
          {a.source === 'risk' ? ' (this risk’s own level)' : ` (the ${risk.category} level)`}.
        </p>
      ) : (
        <p className="muted" data-testid="panel-appetite-status">
          No appetite set for {risk.category}. Set a level in Settings › Band key &amp; appetite, or give this
          risk its own.
        </p>
      )}
      {risk.appetiteOverride && (
        <p className="muted" data-testid="panel-appetite-reason">
          Own level because: {risk.appetiteOverride.reason}
        </p>
      )}
      <div className="appetite-override">
        <label>
          Level for this risk{' '}
          <select
            data-testid="panel-appetite-level"
            value={level}
            disabled={readOnly || saving}
            onChange={(e) => setLevel(isAppetiteLevel(e.target.value) ? e.target.value : '')}
          >
            <option value="">Its category’s</option>
            {APPETITE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {APPETITE_LEVEL_LABELS[l]}
              </option>
            ))}
          </select>
        </label>
        {level !== '' && (
          <label>
            Reason{' '}
            <input
              data-testid="panel-appetite-why"
              value={reason}
              disabled={readOnly || saving}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        )}
        {changed && !readOnly && (
          <button
            type="button"
            data-testid="panel-appetite-save"
            disabled={saving}
            onClick={async () => {
              setSaving(true);
              try {
                replaceRisk(
                  await call('risks:set-appetite-override', {
                    id: risk.id,
                    version: risk.version,
                    level: level || null,
                    reason: level ? reason : undefined,
                  }),
                );
                setError(null);
              } catch (err) {
                setError(messageOf(err));
                await refreshRisks();
              } finally {
                setSaving(false);
              }
            }}
          >
            Save appetite
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
