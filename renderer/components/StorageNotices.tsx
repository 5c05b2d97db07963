/** What the storage checks tell the user: the backup offered for a damaged register, and why it is read-only. */
import { READ_ONLY_MESSAGES } from '../../shared/domain.ts';
import { openOfferedBackup } from '../actions/register-actions.ts';
import { useRegisterStore } from '../stores/register-store.ts';

/** After a damaged register was moved aside: "Open the backup from dd/mm/yyyy". */
export function BackupOfferButton() {
  const offer = useRegisterStore((s) => s.backupOffer ?? null);
  const busy = useRegisterStore((s) => s.busy);
  if (!offer) return null;
  return (
    <p data-testid="backup-offer">
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => void openOfferedBackup(offer.file ?? offer.path)}
      >
        Open the backup from {offer.savedOn}
      </button>{' '}
      <span className="hint">{offer.path}</span>
    </p>
  );
}

/** The open register is read-only: say why and what to do. */
export function ReadOnlyBanner() {
  const status = useRegisterStore((s) => s.status);
  if (!status?.readOnly) return null;
  return (
    <p className="notice" role="status" data-testid="read-only-banner">
      {READ_ONLY_MESSAGES[status.readOnlyReason ?? 'newer-version']}
    </p>
  );
}
