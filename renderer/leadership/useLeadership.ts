import { useEffect, useMemo } from 'react';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { settledRisks, useRisksStore } from '../stores/risks-store.ts';
import { loadLeadership } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import { applyFilters } from './model.ts';

/** The filtered risks and the key, reading travel, reviews and actions again whenever the register changes. */
export function useLeadershipData() {
  const risks = useRisksStore((s) => s.risks);
  const bandKey = useRegisterStore(selectBandKey);
  const category = useLeadershipStore((s) => s.category);
  const owner = useLeadershipStore((s) => s.owner);
  // Read again when the register changes, and once when the list is whole (not on each page of it).
  const settled = useRisksStore(settledRisks);
  useEffect(() => {
    void loadLeadership();
  }, [settled, bandKey]);
  const filtered = useMemo(() => applyFilters(risks, { category, owner }), [risks, category, owner]);
  return { risks, filtered, bandKey };
}
