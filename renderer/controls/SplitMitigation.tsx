/**
 * "Split into controls" (issue 13): proposes one control per line, bullet or sentence of a risk's imported
 * Mitigation (shared/split-mitigation.ts); the user edits or unticks each, chooses its type and effectiveness,
 * and creates them linked to the risk in one transaction (`controls:split`), keeping or clearing the Mitigation.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { ControlType, Effectiveness } from '../../shared/controls.ts';
import {
  CONTROL_TYPE_LABELS,
  CONTROL_TYPES,
  EFFECTIVENESS,
  EFFECTIVENESS_LABELS,
} from '../../shared/controls.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { proposeControls } from '../../shared/split-mitigation.ts';
import { call } from '../api/client.ts';
import { recordChanges } from '../workspace/undo-actions.ts';

interface Proposal {
  use: boolean;
  text: string;
  type: ControlType | '';
  effectiveness: Effectiveness;
}

export function SplitMitigation({
  risk,
  run,
}: {
  risk: RiskRecord;
  /** Runs the write and reads the section again; returns the refusal, or null. */
  run: (fn: () => Promise<unknown>) => Promise<string | null>;
}) {
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [mitigation, setMitigation] = useState<'keep' | 'clear'>('keep');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const open = () => {
    setProposals(
      proposeControls(risk.mitigation).map((text) => ({
        use: true,
        text,
        type: '',
        effectiveness: 'unassessed',
      })),
    );
    setMitigation('keep');
    setError(null);
    setDone(null);
  };
  const edit = (i: number, change: Partial<Proposal>) =>
    setProposals((ps) => ps?.map((p, j) => (j === i ? { ...p, ...change } : p)) ?? null);

  if (!proposals) {
    return (
      <p>
        <button type="button" data-testid="split-mitigation" onClick={open}>
          Split into controls
        </button>{' '}
        <span className="hint">Propose a control for each line or sentence of the Mitigation.</span>
        {done && (
          <span role="status" data-testid="split-done">
            {' '}
            {done}
          </span>
        )}
      </p>
    );
  }

  const chosen = proposals.filter((p) => p.use);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const failed = await run(async () => {
      const out = await call('controls:split', {
        riskId: risk.id,
        version: risk.version,
        controls: chosen.map((p) => ({ text: p.text, type: p.type || null, effectiveness: p.effectiveness })),
        mitigation,
      });
      void recordChanges(
        [
          ...out.controls.map((c) => ({ entity: 'control' as const, id: c.id, updatedAt: c.updatedAt })),
          { entity: 'risk' as const, id: out.risk.id, updatedAt: out.risk.updatedAt },
        ],
        `${risk.ref} mitigation split into controls`,
      );
    });
    if (failed) {
      setError(failed);
      return;
    }
    setDone(
      `Created ${chosen.length === 1 ? 'one control' : `${chosen.length} controls`}${mitigation === 'clear' ? ' and cleared the Mitigation' : ''}.`,
    );
    setProposals(null);
  };

  return (
    <form
      className="split-mitigation"
      style={{ display: 'block' }}
      aria-label="Split the Mitigation into controls"
      data-testid="split-form"
      onSubmit={(e) => void submit(e)}
    >
      <p className="hint">
        One control is proposed for each line, bullet or sentence of the Mitigation. Edit the words, untick
        what is not a control, and choose each one&rsquo;s type and effectiveness.
      </p>
      <ol className="split-list">
        {proposals.map((p, i) => (
          <li
            key={i}
            data-testid="split-item"
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              gap: '4px',
              alignItems: 'center',
              marginBottom: '6px',
            }}
          >
            <label style={{ display: 'flex', gap: '4px', flex: '1 1 100%', alignItems: 'center' }}>
              <input
                type="checkbox"
                checked={p.use}
                aria-label={`Create control ${i + 1}`}
                onChange={(e) => edit(i, { use: e.target.checked })}
              />{' '}
              <input
                value={p.text}
                aria-label={`Control ${i + 1}`}
                style={{ flex: '1 1 auto', minWidth: 0 }}
                disabled={!p.use}
                onChange={(e) => edit(i, { text: e.target.value })}
              />
            </label>{' '}
            <select
              aria-label={`Type of control ${i + 1}`}
              value={p.type}
              disabled={!p.use}
              onChange={(e) => edit(i, { type: e.target.value as ControlType | '' })}
            >
              <option value="">Not stated</option>
              {CONTROL_TYPES.map((t) => (
                <option key={t} value={t}>
                  {CONTROL_TYPE_LABELS[t]}
                </option>
              ))}
            </select>{' '}
            <select
              aria-label={`Effectiveness of control ${i + 1}`}
              value={p.effectiveness}
              disabled={!p.use}
              onChange={(e) => edit(i, { effectiveness: e.target.value as Effectiveness })}
            >
              {EFFECTIVENESS.map((x) => (
                <option key={x} value={x}>
                  {EFFECTIVENESS_LABELS[x]}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ol>
      <fieldset>
        <legend>The Mitigation text</legend>
        <label>
          <input
            type="radio"
            name="split-mitigation-text"
            checked={mitigation === 'keep'}
            onChange={() => setMitigation('keep')}
          />{' '}
          Keep it
        </label>{' '}
        <label>
          <input
            type="radio"
            name="split-mitigation-text"
            checked={mitigation === 'clear'}
            data-testid="split-clear"
            onChange={() => setMitigation('clear')}
          />{' '}
          Clear it (the controls replace it; the history keeps the old text)
        </label>
      </fieldset>
      {error && (
        <p className="field-error" role="alert" data-testid="split-error">
          {error}
        </p>
      )}
      <p>
        <button type="submit" disabled={chosen.length === 0} data-testid="split-create">
          Create {chosen.length === 1 ? 'one control' : `${chosen.length} controls`}
        </button>{' '}
        <button type="button" onClick={() => setProposals(null)}>
          Cancel
        </button>
      </p>
    </form>
  );
}
