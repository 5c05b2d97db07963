import { formatCount } from '../format/text.ts';
import { useRisksStore } from '../stores/risks-store.ts';

/**
 * While the register arrives in pages: "Loading risks… 40,000 of 100,000", and that counts, search and sort
 * cover only the risks read so far. Nothing once the whole list is in.
 */
export function LoadProgress() {
  const progress = useRisksStore((s) => s.progress);
  if (!progress) return null;
  return (
    <p className="load-progress" role="status" aria-live="polite" data-testid="load-progress">
      Loading risks… {formatCount(progress.done)} of {formatCount(progress.total)}.{' '}
      <span className="load-progress-note">Counts, search and sort cover only the risks loaded so far.</span>
    </p>
  );
}

/**
 * The heatmap's and the dashboard's own mark while the register arrives in pages: their cells and figures count only
 * the risks read so far. (The sidebar's line is the one announced; this one is read where the figures are.)
 */
export function ViewLoadingMark({ what }: { what: string }) {
  const progress = useRisksStore((s) => s.progress);
  if (!progress) return null;
  return (
    <p className="notice view-loading" data-testid="view-loading">
      Loading risks… {formatCount(progress.done)} of {formatCount(progress.total)}: the {what} cover only the
      risks loaded so far.
    </p>
  );
}
