import type { ScoreValue } from '../../shared/scoring.ts';
import { SCORE_VALUES } from '../../shared/scoring.ts';

/**
 * Five buttons, 1–5, each with its number and word. Hover or focus previews a value; a click (or
 * Enter/Space) chooses it.
 */
export function ScorePicker({
  name,
  label,
  words,
  value,
  disabled,
  onPreview,
  onChoose,
}: {
  name: 'impact' | 'likelihood';
  label: string;
  words: Record<ScoreValue, string>;
  /** Null while the risk is not yet assessed: no button is pressed. */
  value: ScoreValue | null;
  disabled: boolean;
  onPreview: (v: ScoreValue | null) => void;
  onChoose: (v: ScoreValue) => void;
}) {
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
            data-testid={`${name}-${v}`}
            disabled={disabled}
            onMouseEnter={() => onPreview(v)}
            onMouseLeave={() => onPreview(null)}
            onFocus={() => onPreview(v)}
            onBlur={() => onPreview(null)}
            onClick={() => onChoose(v)}
          >
            <span className="picker-num num">{v}</span> <span className="picker-word">{words[v]}</span>
          </button>
        ))}
      </div>
    </fieldset>
  );
}
