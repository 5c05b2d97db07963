import { useState } from 'react';
import type { ScoringCriteria } from '../../shared/criteria.ts';
import { descriptorsFor } from '../../shared/criteria.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { SCORE_VALUES } from '../../shared/scoring.ts';

/**
 * Five buttons, 1–5, each with its number and word. Hover or focus previews a value; a click (or
 * Enter/Space) chooses it. With the register's scoring criteria, the descriptors of the level under the
 * pointer or focus (else the chosen one) show below the buttons, and each button carries its own level's
 * descriptors as its accessible description, so a screen reader reads them on focus.
 */
export function ScorePicker({
  name,
  label,
  words,
  value,
  disabled,
  criteria,
  onPreview,
  onChoose,
}: {
  name: 'impact' | 'likelihood';
  label: string;
  words: Record<ScoreValue, string>;
  /** Null while the risk is not yet assessed: no button is pressed. */
  value: ScoreValue | null;
  disabled: boolean;
  criteria?: ScoringCriteria | null;
  onPreview: (v: ScoreValue | null) => void;
  onChoose: (v: ScoreValue) => void;
}) {
  const [pointed, setPointed] = useState<ScoreValue | null>(null);
  const preview = (v: ScoreValue | null) => {
    setPointed(v);
    onPreview(v);
  };
  const shown = pointed ?? value;
  const descriptors = criteria && shown !== null ? descriptorsFor(criteria, name, shown) : [];
  return (
    <fieldset className="picker" data-testid={`${name}-picker`}>
      <legend>{label}</legend>
      <div className="picker-options">
        {SCORE_VALUES.map((v) => (
          <button
            key={v}
            type="button"
            className="picker-option"
            aria-pressed={v === value}
            aria-describedby={criteria ? `${name}-criteria-${v}` : undefined}
            data-testid={`${name}-${v}`}
            disabled={disabled}
            onMouseEnter={() => preview(v)}
            onMouseLeave={() => preview(null)}
            onFocus={() => preview(v)}
            onBlur={() => preview(null)}
            onClick={() => onChoose(v)}
          >
            <span className="picker-num num">{v}</span> <span className="picker-word">{words[v]}</span>
          </button>
        ))}
      </div>
      {criteria && (
        <>
          {SCORE_VALUES.map((v) => (
            <span key={v} id={`${name}-criteria-${v}`} hidden>
              {descriptorsFor(criteria, name, v)
                .map((d) => `${d.label}: ${d.text}.`)
                .join(' ')}
            </span>
          ))}
          {shown !== null && (
            <div
              className={
                pointed !== null && pointed !== value ? 'picker-criteria previewing' : 'picker-criteria'
              }
              data-testid={`${name}-criteria`}
              aria-hidden="true"
            >
              <p className="picker-criteria-title">
                <span className="num">{shown}</span> {words[shown]}
                {pointed === null || pointed === value ? ' (chosen)' : ''} means
              </p>
              <dl>
                {descriptors.map((d) => (
                  <div key={d.area} className="picker-criterion">
                    <dt>{d.label}</dt>
                    <dd>{d.text}</dd>
                  </div>
                ))}
              </dl>
            </div>
          )}
        </>
      )}
    </fieldset>
  );
}
