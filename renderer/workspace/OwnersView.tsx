import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { OwnerRecord } from '../../shared/domain.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { ConfirmDialog } from './ArchivedView.tsx';
import type { Outcome } from './directory-actions.ts';
import {
  createOwner,
  deleteOwner,
  loadOwners,
  mergeOwners,
  updateOwner,
  useDirectoryStore,
} from './directory-actions.ts';
import './workspace.css';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';

type Draft = { initials: string; name: string; role: string; email: string };
const BLANK: Draft = { initials: '', name: '', role: '', email: '' };

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** The owners directory: who owns risks and actions, with add, edit, merge and delete. */
export function OwnersView() {
  const owners = useDirectoryStore((s) => s.owners);
  const error = useDirectoryStore((s) => s.error);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const [adding, setAdding] = useState<Draft>(BLANK);
  const [addError, setAddError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; draft: Draft } | null>(null);
  const [merging, setMerging] = useState<{ from: OwnerRecord; intoId: string } | null>(null);
  const [confirmMerge, setConfirmMerge] = useState<{ from: OwnerRecord; into: OwnerRecord } | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean; id?: string } | null>(null);

  useEffect(() => {
    void loadOwners();
  }, []);

  const report = (outcome: Outcome, ok: string, id?: string) =>
    setMessage(outcome ? { text: outcome, error: true, ...(id ? { id } : {}) } : { text: ok, error: false });

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const outcome = await createOwner(adding);
    setAddError(outcome);
    if (!outcome) {
      report(null, `${adding.initials.trim()} was added to the directory.`);
      setAdding(BLANK);
    }
  };

  const saveEdit = async (o: OwnerRecord, d: Draft) => {
    const changes: Partial<Draft> = {};
    for (const k of ['initials', 'name', 'role', 'email'] as const)
      if (d[k].trim() !== o[k]) changes[k] = d[k];
    if (Object.keys(changes).length === 0) {
      setEditing(null);
      return;
    }
    const outcome = await updateOwner(o, changes);
    report(outcome, `${d.initials.trim()} was saved.`, o.id);
    if (!outcome) setEditing(null);
  };

  const list = owners ?? [];
  return (
    <section className="admin-view" aria-label="Owners directory" data-testid="owners-view">
      <p className="hint">
        Everyone who owns risks or actions. Merge two entries that are one person (such as Cho and CHo): all
        their risks and actions move. Someone who still owns risks cannot be deleted.
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <OutcomeNotice outcome={message} testId="owners-message" />
      {!readOnly && (
        <form className="admin-form" onSubmit={(e) => void add(e)} aria-label="Add an owner">
          <label>
            Initials
            <input
              className="input"
              size={8}
              required
              data-testid="owner-new-initials"
              value={adding.initials}
              onChange={(e) => setAdding({ ...adding, initials: e.target.value })}
            />
          </label>
          <label>
            Full name
            <input
              className="input"
              data-testid="owner-new-name"
              value={adding.name}
              onChange={(e) => setAdding({ ...adding, name: e.target.value })}
            />
          </label>
          <label>
            Role or group
            <input
              className="input"
              value={adding.role}
              onChange={(e) => setAdding({ ...adding, role: e.target.value })}
            />
          </label>
          <label>
            Email
            <input
              className="input"
              type="email"
              value={adding.email}
              onChange={(e) => setAdding({ ...adding, email: e.target.value })}
            />
          </label>
          <button type="submit" className="primary" data-testid="owner-add">
            Add owner
          </button>
          {addError && (
            <p
              className="field-error"
              role="alert"
              data-testid="owner-add-error"
              style={{ flexBasis: '100%' }}
            >
              {addError}
            </p>
          )}
        </form>
      )}
      {owners === null ? (
        <p className="loading">Reading the directory…</p>
      ) : (
        <table className="admin-table" data-testid="owners-table">
          <thead>
            <tr>
              <th scope="col">Initials</th>
              <th scope="col">Full name</th>
              <th scope="col">Role or group</th>
              <th scope="col">Email</th>
              <th scope="col" className="num">
                Risks
              </th>
              <th scope="col" className="num">
                Actions
              </th>
              <th scope="col">
                <span className="visually-hidden">Changes</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((o) => {
              const d = editing?.id === o.id ? editing.draft : null;
              const set = (k: keyof Draft, v: string) =>
                setEditing((e) => (e && e.id === o.id ? { id: o.id, draft: { ...e.draft, [k]: v } } : e));
              const cell = (k: keyof Draft) =>
                d ? (
                  <input
                    className="input"
                    aria-label={`${k} of ${o.initials}`}
                    data-testid={`owner-edit-${k}`}
                    value={d[k]}
                    onChange={(e) => set(k, e.target.value)}
                  />
                ) : k === 'initials' ? (
                  <span className="initials-badge">{o.initials}</span>
                ) : (
                  o[k] || <span className="muted">—</span>
                );
              return (
                <tr key={o.id} data-testid={`owner-row-${o.initials}`}>
                  <td>{cell('initials')}</td>
                  <td>{cell('name')}</td>
                  <td>{cell('role')}</td>
                  <td>{cell('email')}</td>
                  <td className="num">{o.riskCount}</td>
                  <td className="num">{o.actionCount}</td>
                  <td>
                    {readOnly ? null : d ? (
                      <div className="row-actions">
                        <button type="button" className="primary" onClick={() => void saveEdit(o, d)}>
                          Save
                        </button>
                        <button type="button" onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : merging?.from.id === o.id ? (
                      <div className="row-actions">
                        <label>
                          <span className="visually-hidden">Merge {o.initials} into</span>
                          <select
                            className="input"
                            data-testid="merge-into"
                            value={merging.intoId}
                            onChange={(e) => setMerging({ from: o, intoId: e.target.value })}
                          >
                            <option value="">Merge into…</option>
                            {list
                              .filter((x) => x.id !== o.id)
                              .map((x) => (
                                <option key={x.id} value={x.id}>
                                  {x.initials}
                                  {x.name ? ` (${x.name})` : ''}
                                </option>
                              ))}
                          </select>
                        </label>
                        <button
                          type="button"
                          data-testid="merge-go"
                          disabled={!merging.intoId}
                          onClick={() => {
                            const into = list.find((x) => x.id === merging.intoId);
                            if (into) setConfirmMerge({ from: o, into });
                          }}
                        >
                          Merge…
                        </button>
                        <button type="button" onClick={() => setMerging(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <div className="row-actions">
                        <button
                          type="button"
                          data-testid={`owner-edit-${o.initials}`}
                          onClick={() =>
                            setEditing({
                              id: o.id,
                              draft: { initials: o.initials, name: o.name, role: o.role, email: o.email },
                            })
                          }
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          data-testid={`owner-merge-${o.initials}`}
                          onClick={() => setMerging({ from: o, intoId: '' })}
                        >
                          Merge into…
                        </button>
                        <button
                          type="button"
                          data-testid={`owner-delete-${o.initials}`}
                          onClick={() =>
                            void deleteOwner(o).then((r) =>
                              report(r, `${o.initials} was removed from the directory.`, o.id),
                            )
                          }
                        >
                          Delete
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {confirmMerge && (
        <ConfirmDialog
          title={`Merge ${confirmMerge.from.initials} into ${confirmMerge.into.initials}?`}
          confirmLabel={`Merge into ${confirmMerge.into.initials}`}
          onCancel={() => setConfirmMerge(null)}
          onConfirm={() => {
            const { from, into } = confirmMerge;
            setConfirmMerge(null);
            setMerging(null);
            void mergeOwners(from, into).then((r) =>
              report(
                r,
                `${from.initials} was merged into ${into.initials}: ${plural(from.riskCount, 'risk')} and ${plural(from.actionCount, 'action')} moved.`,
              ),
            );
          }}
        >
          <p>
            {plural(confirmMerge.from.riskCount, 'risk')} and{' '}
            {plural(confirmMerge.from.actionCount, 'action')} of <strong>{confirmMerge.from.initials}</strong>{' '}
            move to <strong>{confirmMerge.into.initials}</strong>, and {confirmMerge.from.initials} leaves the
            directory. Each moved risk records the change in its history. A merge cannot be undone here.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
