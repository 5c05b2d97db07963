import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { formatDate } from '../format/dates.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { deleteRisk, loadArchived, restoreRisk } from './workspace-actions.ts';
import { useWorkspaceStore } from './workspace-store.ts';
import './workspace.css';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';

/** Archived risks: restore them to the register, or delete them for good (after confirmation). */
export function ArchivedView() {
  const archived = useWorkspaceStore((s) => s.archived);
  const error = useWorkspaceStore((s) => s.archivedError);
  const bandKey = useRegisterStore(selectBandKey);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const [confirming, setConfirming] = useState<RiskRecord | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void loadArchived();
  }, []);

  const restore = async (r: RiskRecord) => {
    const failed = await restoreRisk(r);
    setMessage(
      failed ? { text: failed, error: true } : { text: `${r.ref} is back in the register.`, error: false },
    );
  };
  const remove = async (r: RiskRecord) => {
    setConfirming(null);
    const failed = await deleteRisk(r);
    setMessage(
      failed ? { text: failed, error: true } : { text: `${r.ref} was deleted permanently.`, error: false },
    );
  };

  return (
    <section className="admin-view" aria-label="Archived risks" data-testid="archived-view">
      <p className="hint">
        Archived risks are out of the register, its summary and heatmap, but kept with their history. Restore
        one to bring it back, or delete it permanently.
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <OutcomeNotice outcome={message} testId="archived-message" />
      {archived === null ? (
        <p className="loading">Reading archived risks…</p>
      ) : archived.length === 0 ? (
        <p className="empty" data-testid="archived-empty">
          No archived risks. Archive a risk from its panel, or tick several in the register.
        </p>
      ) : (
        <table className="admin-table" data-testid="archived-table">
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Category</th>
              <th scope="col">Description</th>
              <th scope="col">Score</th>
              <th scope="col">Archived</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {archived.map((r) => {
              const c = currentBand(r, bandKey);
              return (
                <tr key={r.id} data-testid={`archived-row-${r.ref}`}>
                  <td>
                    <strong>{r.ref}</strong>
                  </td>
                  <td>{r.category}</td>
                  <td>{r.description}</td>
                  <td>
                    <BandBadge band={c.band} score={c.score} />
                  </td>
                  <td className="num">{r.archivedAt ? formatDate(new Date(r.archivedAt)) : ''}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        disabled={readOnly}
                        data-testid={`restore-${r.ref}`}
                        onClick={() => void restore(r)}
                      >
                        Restore
                      </button>
                      <button
                        type="button"
                        disabled={readOnly}
                        data-testid={`delete-${r.ref}`}
                        onClick={() => setConfirming(r)}
                      >
                        Delete permanently…
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${confirming.ref} permanently?`}
          confirmLabel={`Delete ${confirming.ref}`}
          onConfirm={() => void remove(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {confirming.ref} and its actions will be removed from the register for good. This cannot be
            undone. The audit history keeps a record that it was deleted.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** A modal question with a danger button; Esc or Cancel backs out. */
export function ConfirmDialog({
  title,
  confirmLabel,
  children,
  onConfirm,
  onCancel,
}: {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="modal-backdrop" role="presentation">
      <div
        className="ws-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={title}
        data-testid="confirm-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <div className="dialog-body">
          <h2>{title}</h2>
          {children}
          <div className="dialog-actions">
            <button type="button" autoFocus onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="danger" data-testid="confirm-yes" onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
