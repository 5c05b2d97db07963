import { selectRisk } from '../actions/risk-actions.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';

/** Changes to other risks that were refused: say so, and offer to go back to them. */
export function UnsavedElsewhere({ selectedId }: { selectedId: string | null }) {
  const failures = useEditStore((s) => s.failures);
  const risks = useRisksStore((s) => s.risks);
  const others = Object.keys(failures).filter((id) => id !== selectedId);
  if (others.length === 0) return null;
  return (
    <div className="notice notice-warning" role="alert" data-testid="unsaved-elsewhere">
      {others.map((id) => {
        const ref = risks.find((r) => r.id === id)?.ref ?? 'another risk';
        return (
          <p key={id}>
            A change to {ref} was not saved.{' '}
            <button type="button" className="link" onClick={() => selectRisk(id)}>
              Show {ref}
            </button>
          </p>
        );
      })}
    </div>
  );
}
