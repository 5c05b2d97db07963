import { formatTime } from '../format/dates.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { useUiStore } from '../stores/ui-store.ts';

/** "Saving…" then a quiet "Saved · 14:32". */
export function SaveStatus() {
  const lastSavedAt = useUiStore((s) => s.lastSavedAt);
  const pending = useEditStore((s) => s.pending !== null);
  return (
    <p className="save-status" role="status" data-testid="save-status">
      {pending ? 'Saving…' : lastSavedAt ? `Saved · ${formatTime(new Date(lastSavedAt))}` : ''}
    </p>
  );
}
