import type { SummaryScores, SummarySort } from '../../shared/export/summary.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import {
  closeExport,
  runExport,
  setExportFormat,
  setExportOptions,
  setExportScores,
  setExportSort,
} from './io-actions.ts';
import type { ExportFormat } from './io-store.ts';
import { useIoStore } from './io-store.ts';
import { Modal } from './Modal.tsx';
import './io.css';

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  {
    value: 'xlsx',
    label: 'Excel workbook (XLSX)',
    hint: 'Band colours as cell fills, the Key under the table.',
  },
  { value: 'csv', label: 'CSV', hint: 'Plain rows for other systems; opens in Excel.' },
  { value: 'pdf', label: 'PDF board pack', hint: 'A4 landscape: the table, the Key and the heatmap.' },
];

const SCORES: { value: SummaryScores; label: string }[] = [
  { value: 'current', label: 'Current scores' },
  { value: 'target', label: 'Target scores' },
];

const SORTS: { value: SummarySort; label: string }[] = [
  { value: 'ref', label: 'Ref order (SR1, SR2, …)' },
  { value: 'score', label: 'Highest score first' },
];

/** File › Export: the summary table as the LGA publishes it, in XLSX, CSV or PDF. */
export function ExportDialog() {
  const opts = useIoStore((s) => s.export);
  const bandKey = useRegisterStore(selectBandKey);
  const bands = [...bandKey].sort((a, b) => b.min - a.min);
  const names = bands.map((b) => b.name);
  const chosen = opts.bands ?? names;
  const none = chosen.length === 0;

  const toggleBand = (name: string, on: boolean) => {
    const next = names.filter((n) => (n === name ? on : chosen.includes(n)));
    setExportOptions({ bands: next.length === names.length ? null : next });
  };

  return (
    <Modal
      title="Export the summary"
      onClose={closeExport}
      testId="export-dialog"
      footer={
        <div className="button-row">
          <button type="button" onClick={closeExport} disabled={opts.busy}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={opts.busy || none}
            data-testid="export-run"
            onClick={() => void runExport()}
          >
            {opts.busy ? 'Exporting…' : 'Export…'}
          </button>
        </div>
      }
    >
      {opts.error && (
        <p className="notice notice-error io-error" role="alert" data-testid="export-error">
          {opts.error}
        </p>
      )}
      <fieldset className="io-fieldset">
        <legend>Format</legend>
        {FORMATS.map((f) => (
          <label key={f.value} className="io-option">
            <input
              type="radio"
              name="export-format"
              value={f.value}
              checked={opts.format === f.value}
              onChange={() => setExportFormat(f.value)}
            />
            <span>
              {f.label}
              <span className="io-muted"> — {f.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="io-fieldset">
        <legend>Scores</legend>
        {SCORES.map((s) => (
          <label key={s.value} className="io-option io-inline">
            <input
              type="radio"
              name="export-scores"
              value={s.value}
              checked={opts.scores === s.value}
              onChange={() => setExportScores(s.value)}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <fieldset className="io-fieldset">
        <legend>Bands</legend>
        <div className="io-bands">
          {bands.map((b) => (
            <label key={b.name} className="io-option io-inline">
              <input
                type="checkbox"
                checked={chosen.includes(b.name)}
                data-testid={`export-band-${b.name}`}
                onChange={(e) => toggleBand(b.name, e.target.checked)}
              />
              <BandBadge band={b} />
            </label>
          ))}
        </div>
        {none && <p className="field-error">Choose at least one band to export.</p>}
      </fieldset>
      <label className="io-option">
        <input
          type="checkbox"
          checked={opts.travel && opts.scores === 'current'}
          disabled={opts.scores !== 'current'}
          data-testid="export-travel"
          onChange={(e) => setExportOptions({ travel: e.target.checked })}
        />
        <span>
          Direction of travel
          <span className="io-muted">
            {' '}
            — a last column: “↑ up from 10 Yellow” since each risk’s previous review
            {opts.scores !== 'current' ? ' (current scores only)' : ''}
          </span>
        </span>
      </label>
      {opts.format === 'pdf' && (
        <fieldset className="io-fieldset" data-testid="export-publication">
          <legend>Publication</legend>
          <label className="io-option">
            <input
              type="radio"
              name="export-exempt"
              checked={!opts.exempt}
              data-testid="export-public-only"
              onChange={() => setExportOptions({ exempt: false })}
            />
            Public only (Part A): confidential risks left out
          </label>
          <label className="io-option">
            <input
              type="radio"
              name="export-exempt"
              checked={opts.exempt}
              data-testid="export-with-exempt"
              onChange={() => setExportOptions({ exempt: true })}
            />
            With the exempt part (Part B): confidential risks listed separately
          </label>
          <label className="io-field">
            <span className="field-label">Protective marking</span>
            <input
              className="input"
              type="text"
              maxLength={60}
              value={opts.marking}
              placeholder="The register’s own (OFFICIAL unless changed)"
              data-testid="export-marking"
              onChange={(e) => setExportOptions({ marking: e.target.value })}
            />
          </label>
        </fieldset>
      )}
      <label className="io-field">
        <span className="field-label">Order</span>
        <select
          className="input"
          value={opts.sort}
          data-testid="export-sort"
          onChange={(e) => setExportSort(e.target.value as SummarySort)}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">You choose where to save it next; nothing in the register changes.</p>
    </Modal>
  );
}
