import type { BandKey } from '../../shared/band-key.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { ConflictBanner } from './ConflictBanner.tsx';
import { UnsavedElsewhere } from './UnsavedElsewhere.tsx';

/** Refusals that need a decision, pinned to the top of the panel so they stay in sight while it scrolls. */
export function PanelNotices({ selectedId, bandKey }: { selectedId: string | null; bandKey: BandKey }) {
  const show = useEditStore(
    (s) => s.conflict !== null || Object.keys(s.failures).some((id) => id !== selectedId),
  );
  if (!show) return null;
  return (
    <div className="panel-notices">
      <ConflictBanner selectedId={selectedId} bandKey={bandKey} />
      <UnsavedElsewhere selectedId={selectedId} />
    </div>
  );
}
