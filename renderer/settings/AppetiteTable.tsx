import { useState } from 'react';
import {
  APPETITE_LEVEL_LABELS,
  APPETITE_LEVELS,
  isAppetiteLevel,
  isOutsideAppetite,
} from '../../shared/appetite.ts';
import type { CategoryRecord } from '../../shared/domain.ts';
import { plural } from '../format/text.ts';
import { saveAppetite, saveAppetiteLevel } from '../leadership/leadership-actions.ts';
import { useLeadershipStore } from '../leadership/leadership-store.ts';
import { useLeadershipData } from '../leadership/useLeadership.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import '../leadership/leadership.css';

function AppetiteRow({ category, outside }: { category: CategoryRecord; outside: number }) {
  const bandKey = useRegisterStore(selectBandKey);
  const [value, setValue] = useState(category.appetite === null ? '' : String(category.appetite));
  const [error, setError] = useState<string | null>(null);
  const parsed = value.trim() === '' ? null : Number(value);
  const changed = parsed !== category.appetite;
  const appetite = category.appetite;
  const band = appetite === null ? null : bandKey.find((b) => appetite >= b.min && appetite <= b.max);
  return (
    <tr data-testid={`appetite-${category.name}`}>
      <th scope="row">{category.name}</th>
      <td>
        <select
          aria-label={`Appetite level for ${category.name}`}
          data-testid={`appetite-level-${category.name}`}
          value={category.appetiteLevel ?? ''}
          onChange={async (e) => {
            const v = e.target.value;
            setError(await saveAppetiteLevel(category.id, isAppetiteLevel(v) ? v : null));
          }}
        >
          <option value="">
            {category.appetiteLevel ? 'None' : category.appetite === null ? 'None' : 'Custom'}
          </option>
          {APPETITE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {APPETITE_LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="number"
          min={1}
          max={25}
          aria-label={`Appetite for ${category.name}`}
          placeholder="none"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </td>
      <td>
        {band ? `up to ${appetite} (${band.name})` : 'none set'}
        {category.tolerance !== null &&
          category.tolerance > (appetite ?? 0) &&
          `; tolerance up to ${category.tolerance}`}
      </td>
      <td data-testid={`appetite-outside-${category.name}`}>{plural(outside, 'risk')} above</td>
      <td>
        <button
          type="button"
          disabled={!changed}
          onClick={async () => {
            setError(await saveAppetite(category.id, parsed));
          }}
        >
          Save
        </button>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/**
 * Settings › Risk appetite, at a glance: every category's level, or a custom appetite score (a threshold with no
 * tolerance band above it), what it accepts and how many risks are above it now. Moved here from the band key
 * (issue 12) so that appetite has one place in Settings.
 */
export function AppetiteTable() {
  const { risks } = useLeadershipData();
  const categories = useLeadershipStore((s) => s.categories);
  const outside = (c: CategoryRecord) => risks.filter((r) => isOutsideAppetite(r, [c])).length;
  return (
    <section
      className="lh-section"
      aria-label="Appetite per category at a glance"
      data-testid="appetite-glance"
    >
      <h2>At a glance</h2>
      <p className="lh-help">
        Choose each category’s level (Orange Book scale): the register maps it to an appetite and a tolerance
        (averse ≤ 3, tolerance ≤ 5; minimal ≤ 5, ≤ 8; cautious ≤ 8, ≤ 12; open ≤ 12, ≤ 16; eager ≤ 16, ≤ 20 by
        default). A risk is within appetite (✓), within tolerance (◇) or outside tolerance (◆, marked on the
        heatmap and counted on the dashboard). A custom score instead has no tolerance band above it.
      </p>
      <table className="lh-key-table lh-appetite-table">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Level</th>
            <th scope="col">Custom appetite (score)</th>
            <th scope="col">Accepts</th>
            <th scope="col">Now</th>
            <th scope="col">
              <span className="visually-hidden">Save</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <AppetiteRow
              key={`${c.id}:${c.appetite ?? ''}:${c.appetiteLevel ?? ''}`}
              category={c}
              outside={outside(c)}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
