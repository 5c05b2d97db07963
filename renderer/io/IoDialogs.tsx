import { dismissIoNotice } from './io-actions.ts';
import { useIoStore } from './io-store.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import './io.css';

/** The open import or export dialog, and the quiet line each leaves behind. */
export function IoDialogs() {
  const open = useIoStore((s) => s.open);
  const notice = useIoStore((s) => s.notice);
  return (
    <>
      {notice && (
        <div className={`io-notice io-notice-${notice.tone}`} role="status" data-testid="io-notice">
          <span>{notice.text}</span>
          <button type="button" className="link" onClick={dismissIoNotice}>
            Dismiss
          </button>
        </div>
      )}
      {open === 'import' && <ImportWizard />}
      {open === 'export' && <ExportDialog />}
    </>
  );
}
