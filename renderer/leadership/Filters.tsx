import { useRisksStore } from '../stores/risks-store.ts';
import { setCategoryFilter, setOwnerFilter } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import { ownersOf } from './model.ts';

/** Category and owner filters shared by the heatmap and the dashboard. */
export function LeadershipFilters() {
  const risks = useRisksStore((s) => s.risks);
  const categories = useRisksStore((s) => s.categories);
  const category = useLeadershipStore((s) => s.category);
  const owner = useLeadershipStore((s) => s.owner);
  const owners = ownersOf(risks);
  return (
    <>
      <label className="lh-field">
        Category
        <select
          data-testid="filter-category"
          value={category ?? ''}
          onChange={(e) => setCategoryFilter(e.target.value || null)}
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="lh-field">
        Owner
        <select
          data-testid="filter-owner"
          value={owner ?? ''}
          onChange={(e) => setOwnerFilter(e.target.value || null)}
        >
          <option value="">All owners</option>
          {owners.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
