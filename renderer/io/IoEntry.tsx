import { openIoDialog, runRegisterExport } from './io-actions.ts';
import './io.css';

/** Import… and Export… in the sidebar, as in File ›. */
export function IoEntry() {
  return (
    <div className="io-entry">
      <button type="button" className="link" data-testid="open-import" onClick={() => openIoDialog('import')}>
        Import…
      </button>
      <button type="button" className="link" data-testid="open-export" onClick={() => openIoDialog('export')}>
        Export…
      </button>
      <button
        type="button"
        className="link"
        data-testid="export-register"
        onClick={() => void runRegisterExport()}
      >
        Register workbook…
      </button>
    </div>
  );
}
