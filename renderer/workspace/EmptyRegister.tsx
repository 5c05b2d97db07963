import { createRegisterWithDialog } from '../actions/register-actions.ts';
import { openIoDialog } from '../io/io-actions.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { openNewRisk } from './workspace-actions.ts';

/** An empty register's table: the three ways to fill it, rather than a bare "no risks". */
export function EmptyRegister() {
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const busy = useRegisterStore((s) => s.busy);
  return (
    <div className="empty-register" data-testid="empty-register">
      <p className="empty-register-title">This register has no risks yet.</p>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="empty-add"
          disabled={readOnly}
          onClick={() => void openNewRisk()}
        >
          + Add the first risk
        </button>
        <button
          type="button"
          data-testid="empty-import"
          disabled={readOnly}
          onClick={() => openIoDialog('import')}
        >
          Import from a spreadsheet (XLSX or CSV)…
        </button>
        <button
          type="button"
          data-testid="empty-sample"
          disabled={busy}
          onClick={() => void createRegisterWithDialog(true)}
        >
          Try the LGA sample in a new register…
        </button>
      </div>
      <p className="hint">
        The sample is the Local Government Association’s published strategic risk register (19 risks); it
        opens as a separate file, so this register stays as it is.
      </p>
    </div>
  );
}
