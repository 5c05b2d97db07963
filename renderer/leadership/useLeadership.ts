import { useEffect, useMemo } from 'react';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { loadLeadership } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';
import { applyFilters } from './model.ts';

/** The filtered risks and the key, reading travel, reviews and actions again whenever the register changes. */
export function useLeadershipData() {
  const risks = useRisksStore((s) => s.risks);
  const bandKey = useRegisterStore(selectBandKey);
  const category = useLeadershipStore((s) => s.category);
  const owner = useLeadershipStore((s) => s.owner);
  useEffect(() => {
    void loadLeadership();
  }, [risks, bandKey]);
  const filtered = useMemo(() => applyFilters(risks, { category, owner }), [risks, category, owner]);
  return { risks, filtered, bandKey };
}
