import { useState } from 'react';
import type { Band, BandKey } from '../../shared/band-key.ts';
import { checkKey, LGA_KEY, paletteProblems } from '../../shared/band-key.ts';
import { contrastRatio, textColourOn } from '../../shared/colour.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { showView } from '../actions/view-actions.ts';
import { bandStyle } from '../components/band-style.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { Heatmap } from './Heatmap.tsx';
import { saveKey } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import { useLeadershipData } from './useLeadership.ts';
import './leadership.css';

/** A three-band key some councils use: Low, Medium, High. */
export const THREE_BAND_KEY: BandKey = [
  { name: 'Low', min: 1, max: 6, colour: '#cfeec2', action: 'Accept and monitor periodically' },
  {
    name: 'Medium',
    min: 7,
    max: 14,
    colour: '#eeba26',
    action: 'Management action to address; report to SMT',
  },
  {
    name: 'High',
    min: 15,
    max: 25,
    colour: '#9a1a1a',
    action: 'Urgent action to address. Ensure political leadership briefed',
  },
];

const AA = 4.5;

/** The contrast of the band's text (black or white, whichever reads better) on its colour, e.g. "Black text 6.2:1". */
export function contrastNote(colour: string): { text: string; ok: boolean } | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return null;
  const fg = textColourOn(colour);
  const ratio = contrastRatio(colour, fg);
  const ok = ratio >= AA;
  const words = `${fg === '#000000' ? 'Black' : 'White'} text ${ratio.toFixed(1)}:1`;
  return {
    ok,
    text: ok
      ? `${words}, reads well`
      : `${words}, below the 4.5:1 that reads well: choose a darker or lighter colour.`,
  };
}

function sameKey(a: BandKey, b: BandKey): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function BandRow({
  band,
  index,
  onChange,
  onRemove,
  canRemove,
}: {
  band: Band;
  index: number;
  onChange: (b: Band) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const contrast = contrastNote(band.colour);
  const valid = /^#[0-9a-fA-F]{6}$/.test(band.colour);
  const num = (v: string) => (v === '' ? Number.NaN : Number(v));
  return (
    <tr data-testid={`key-band-${index}`}>
      <td>
        <input
          type="number"
          min={1}
          max={25}
          aria-label={`Band ${index + 1} lowest score`}
          data-testid={`key-min-${index}`}
          value={Number.isNaN(band.min) ? '' : band.min}
          onChange={(e) => onChange({ ...band, min: num(e.target.value) })}
        />
      </td>
      <td>
        <input
          type="number"
          min={1}
          max={25}
          aria-label={`Band ${index + 1} highest score`}
          data-testid={`key-max-${index}`}
          value={Number.isNaN(band.max) ? '' : band.max}
          onChange={(e) => onChange({ ...band, max: num(e.target.value) })}
        />
      </td>
      <td>
        <input
          type="text"
          aria-label={`Band ${index + 1} name`}
          data-testid={`key-name-${index}`}
          value={band.name}
          maxLength={40}
          onChange={(e) => onChange({ ...band, name: e.target.value })}
        />
      </td>
      <td>
        <div className="lh-colour">
          <input
            type="color"
            aria-label={`Band ${index + 1} colour picker`}
            value={valid ? band.colour.toLowerCase() : '#000000'}
            onChange={(e) => onChange({ ...band, colour: e.target.value })}
          />
          <input
            type="text"
            className="lh-colour-text"
            aria-label={`Band ${index + 1} colour`}
            data-testid={`key-colour-${index}`}
            value={band.colour}
            onChange={(e) => onChange({ ...band, colour: e.target.value.trim() })}
          />
          <span className="band-badge" style={valid ? bandStyle(band) : undefined} aria-hidden="true">
            {band.name || 'Band'}
          </span>
        </div>
        {contrast && (
          <p className={contrast.ok ? 'lh-contrast' : 'lh-warning'} data-testid={`key-contrast-${index}`}>
            {contrast.ok ? '✓ ' : '⚠ '}
            {contrast.text}
          </p>
        )}
      </td>
      <td>
        <textarea
          aria-label={`Band ${index + 1} management action`}
          rows={2}
          value={band.action}
          maxLength={500}
          onChange={(e) => onChange({ ...band, action: e.target.value })}
        />
      </td>
      <td>
        <button type="button" className="link" disabled={!canRemove} onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/** Settings › Band key: the register's own key (bands, colours, management actions), with a preview. */
export function KeyEditorView() {
  const { risks, bandKey } = useLeadershipData();
  const [savedNote, setSavedNote] = useState<string | null>(null);
  // A new key (saved here, or from another window or the CLI) starts a fresh draft.
  return (
    <KeyEditor
      key={JSON.stringify(bandKey)}
      risks={risks}
      bandKey={bandKey}
      savedNote={savedNote}
      setSavedNote={setSavedNote}
    />
  );
}

function KeyEditor({
  risks,
  bandKey,
  savedNote,
  setSavedNote,
}: {
  risks: readonly RiskRecord[];
  bandKey: BandKey;
  savedNote: string | null;
  setSavedNote: (note: string | null) => void;
}) {
  const selectedId = useRisksStore((s) => s.selectedId);
  const categories = useLeadershipStore((s) => s.categories);
  const [draft, setDraft] = useState<Band[]>(() => bandKey.map((b) => ({ ...b })));
  const [reason, setReason] = useState('');
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const check = checkKey(draft);
  const dirty = !sameKey(draft, bandKey);
  const replace = (i: number, b: Band) => {
    setServerError(null);
    setSavedNote(null);
    setDraft(draft.map((x, n) => (n === i ? b : x)));
  };
  const use = (key: BandKey) => {
    setServerError(null);
    setSavedNote(null);
    setDraft(key.map((b) => ({ ...b })));
  };

  return (
    <div className="lh-view" data-testid="key-editor">
      <section className="lh-section" aria-label="Band key">
        <h2>Band key</h2>
        <p className="lh-help">
          Every score from 1 to 25 must fall in exactly one band. Bands are worked out from scores whenever
          they are shown, so saving re-bands the table, the heatmap, the dashboard and every export at once;
          the change is recorded in the history.
        </p>
        <div className="lh-key-presets">
          <button type="button" onClick={() => use(LGA_KEY)} data-testid="key-use-lga">
            Use the LGA default
          </button>
          <button type="button" onClick={() => use(THREE_BAND_KEY)} data-testid="key-use-three">
            Use a three-band example
          </button>
          <button type="button" disabled={!dirty} onClick={() => use(bandKey)}>
            Undo my changes
          </button>
        </div>
        <table className="lh-key-table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Band name</th>
              <th scope="col">Colour</th>
              <th scope="col">Management action</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.map((b, i) => (
              <BandRow
                key={i}
                band={b}
                index={i}
                canRemove={draft.length > 1}
                onChange={(nb) => replace(i, nb)}
                onRemove={() => setDraft(draft.filter((_, n) => n !== i))}
              />
            ))}
          </tbody>
        </table>
        <div className="lh-key-actions">
          <button
            type="button"
            disabled={draft.length >= 10}
            onClick={() => {
              const top = Math.max(0, ...draft.map((b) => (Number.isNaN(b.max) ? 0 : b.max)));
              setDraft([
                ...draft,
                { name: '', min: Math.min(25, top + 1), max: 25, colour: '#8c8c8c', action: '' },
              ]);
            }}
          >
            Add a band
          </button>
          <label className="lh-field lh-reason">
            Why (recorded in the history)
            <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            className="primary"
            data-testid="key-save"
            disabled={!dirty || saving}
            onClick={async () => {
              setSaving(true);
              const error = await saveKey(draft, reason);
              setSaving(false);
              setServerError(error);
              if (!error) {
                setReason('');
                setSavedNote('Saved: every view now uses this key.');
              }
            }}
          >
            Save key
          </button>
        </div>
        {!check.ok && (
          <div className="notice notice-warning" data-testid="key-problems">
            <p>Not yet a valid key:</p>
            <ul>
              {check.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {paletteProblems(draft).length > 0 && (
          <div className="notice notice-warning" data-testid="key-palette-warning">
            <p>
              These colours may be hard to tell apart in greyscale print or by colour-blind readers (the band
              names still tell them apart). You can keep them, or choose colours with a clearer step from
              light to dark:
            </p>
            <ul>
              {paletteProblems(draft).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {serverError && (
          <p className="notice notice-error" role="alert" data-testid="key-error">
            {serverError}
          </p>
        )}
        {savedNote && !dirty && (
          <p className="lh-saved" role="status" data-testid="key-saved">
            {savedNote}
          </p>
        )}
      </section>
      <section className="lh-section" aria-label="Preview">
        <h2>Preview{dirty ? ' (not saved)' : ''}</h2>
        {check.ok ? (
          <Heatmap
            risks={risks}
            bandKey={draft}
            selectedId={selectedId}
            categories={categories}
            idPrefix="preview-"
          />
        ) : (
          <p className="lh-empty">The preview shows once the key covers every score from 1 to 25.</p>
        )}
      </section>
      <p className="lh-help" data-testid="key-appetite-link">
        Each category’s appetite (its level, or a custom score) is set in{' '}
        <button type="button" className="link" onClick={() => showView('risk-appetite')}>
          Settings › Risk appetite
        </button>
        , with the statements the board approved and the levels’ thresholds.
      </p>
    </div>
  );
}
