import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { ActionStatus } from '../../shared/actions.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, localIsoDate, ukDate } from '../../shared/actions.ts';
import type { ActionRecord, RiskRecord } from '../../shared/domain.ts';
import type { ActionDraft } from './panel-actions.ts';
import {
  addAction,
  archiveAction,
  changeAction,
  loadActions,
  parseUkDate,
  usePanelStore,
} from './panel-actions.ts';
import './workspace.css';

/** "Overdue by 3 days" from a due date before today. */
export function overdueWords(dueDate: string, today: string = localIsoDate(new Date())): string {
  const days = Math.round(
    (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000,
  );
  return `Overdue by ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** The open risk's tracked actions: what will be done, by whom, by when, and how far it has got. */
export function ActionsSection({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const actions = usePanelStore((s) => (s.actions?.riskId === risk.id ? s.actions.list : null));
  const error = usePanelStore((s) => s.actionsError);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void loadActions(risk.id);
  }, [risk.id]);

  const open = actions?.filter((a) => a.status !== 'done').length ?? 0;
  const overdue = actions?.filter((a) => a.overdue).length ?? 0;

  return (
    <section className="panel-section" aria-labelledby="actions-heading" data-testid="actions-section">
      <h3 id="actions-heading">
        Actions{' '}
        {actions && (
          <span className="muted">
            · {open} open{overdue > 0 ? ` · ${overdue} overdue` : ''}
          </span>
        )}
      </h3>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p className="field-error" role="alert" data-testid="action-error">
          {message}
        </p>
      )}
      {actions && actions.length === 0 && !adding && (
        <p className="hint">No actions yet. Add what will be done about this risk, by whom and by when.</p>
      )}
      {actions && actions.length > 0 && (
        <ul className="action-list">
          {actions.map((a) =>
            editing === a.id ? (
              <li key={a.id} className="action-item">
                <ActionForm
                  initial={a}
                  submitLabel="Save action"
                  onCancel={() => setEditing(null)}
                  onSubmit={async (d) => {
                    const changes: Partial<ActionDraft> = {};
                    if (d.text !== a.text) changes.text = d.text;
                    if (d.owner !== a.owner) changes.owner = d.owner;
                    if (d.dueDate !== a.dueDate) changes.dueDate = d.dueDate;
                    if (d.status !== a.status) changes.status = d.status;
                    const failed = Object.keys(changes).length > 0 ? await changeAction(a, changes) : null;
                    if (!failed) setEditing(null);
                    return failed;
                  }}
                />
              </li>
            ) : (
              <ActionItem
                key={a.id}
                action={a}
                readOnly={readOnly}
                onEdit={() => setEditing(a.id)}
                onStatus={(status) => void changeAction(a, { status }).then(setMessage)}
                onArchive={() => void archiveAction(a).then(setMessage)}
              />
            ),
          )}
        </ul>
      )}
      {!readOnly &&
        (adding ? (
          <ActionForm
            submitLabel="Add action"
            onCancel={() => setAdding(false)}
            onSubmit={async (d) => {
              const failed = await addAction(risk, d);
              if (!failed) setAdding(false);
              return failed;
            }}
          />
        ) : (
          <button type="button" data-testid="add-action" onClick={() => setAdding(true)}>
            + Add action
          </button>
        ))}
    </section>
  );
}

function ActionItem({
  action: a,
  readOnly,
  onEdit,
  onStatus,
  onArchive,
}: {
  action: ActionRecord;
  readOnly: boolean;
  onEdit: () => void;
  onStatus: (s: ActionStatus) => void;
  onArchive: () => void;
}) {
  return (
    <li
      className={a.overdue ? 'action-item overdue' : 'action-item'}
      data-testid="action-item"
      data-overdue={a.overdue ? 'true' : undefined}
    >
      <p className={a.status === 'done' ? 'status-done' : undefined}>{a.text}</p>
      <p className="action-meta">
        <span>Owner: {a.owner ?? 'nobody named'}</span>
        <span>Due: {a.dueDate ? ukDate(a.dueDate) : 'no date'}</span>
        {a.overdue && a.dueDate && (
          <span className="overdue-flag" data-testid="overdue">
            ⚠ {overdueWords(a.dueDate)}
          </span>
        )}
      </p>
      <div className="row-actions">
        <label>
          <span className="visually-hidden">Status</span>
          <select
            className="input pair-select"
            data-testid="action-status"
            value={a.status}
            disabled={readOnly}
            onChange={(e) => onStatus(e.target.value as ActionStatus)}
          >
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {!readOnly && (
          <>
            <button type="button" onClick={onEdit}>
              Edit
            </button>
            <button type="button" onClick={onArchive}>
              Archive
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function ActionForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: ActionRecord;
  submitLabel: string;
  onSubmit: (d: ActionDraft) => Promise<string | null>;
  onCancel: () => void;
}) {
  const owners = usePanelStore((s) => s.owners);
  const [text, setText] = useState(initial?.text ?? '');
  const [owner, setOwner] = useState(initial?.owner ?? '');
  const [due, setDue] = useState(initial?.dueDate ? ukDate(initial.dueDate) : '');
  const [status, setStatus] = useState<ActionStatus>(initial?.status ?? 'planned');
  const [errors, setErrors] = useState<{ text?: string; due?: string; form?: string }>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const dueDate = parseUkDate(due);
    const next: typeof errors = {};
    if (!text.trim()) next.text = 'Say what will be done.';
    if (dueDate === undefined)
      next.due = 'Write the due date as dd/mm/yyyy, such as 31/03/2027, or leave it empty.';
    setErrors(next);
    if (next.text || next.due) return;
    const failed = await onSubmit({
      text: text.trim(),
      owner: owner || null,
      dueDate: dueDate ?? null,
      status,
    });
    if (failed) setErrors({ form: failed });
  };

  return (
    <form
      className="action-form"
      onSubmit={(e) => void submit(e)}
      aria-label={submitLabel}
      data-testid="action-form"
    >
      <label className="field wide">
        <span className="field-label">Action</span>
        <textarea
          className="input"
          rows={2}
          data-testid="action-text"
          aria-invalid={errors.text ? true : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {errors.text && <span className="field-error">{errors.text}</span>}
      </label>
      <label className="field">
        <span className="field-label">Owner</span>
        <select
          className="input"
          data-testid="action-owner"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
        >
          <option value="">Nobody named</option>
          {owners.map((o) => (
            <option key={o.id} value={o.initials}>
              {o.initials}
              {o.name ? ` – ${o.name}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Due (dd/mm/yyyy)</span>
        <input
          className="input"
          inputMode="numeric"
          placeholder="31/03/2027"
          data-testid="action-due"
          aria-invalid={errors.due ? true : undefined}
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
      </label>
      {errors.due && (
        <p className="field-error wide" data-testid="action-due-error">
          {errors.due}
        </p>
      )}
      <label className="field">
        <span className="field-label">Status</span>
        <select
          className="input"
          data-testid="action-form-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as ActionStatus)}
        >
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ACTION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {errors.form && (
        <p className="field-error wide" role="alert">
          {errors.form}
        </p>
      )}
      <div className="button-row wide">
        <button type="submit" className="primary" data-testid="action-save">
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
