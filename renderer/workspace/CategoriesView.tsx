import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { CategoryRecord } from '../../shared/domain.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { ConfirmDialog } from './ArchivedView.tsx';
import type { Outcome } from './directory-actions.ts';
import {
  createCategory,
  loadCategories,
  mergeCategories,
  moveCategory,
  renameCategory,
  useDirectoryStore,
} from './directory-actions.ts';
import './workspace.css';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';

/** Settings › Categories: rename, merge and order the register's categories. */
export function CategoriesView() {
  const categories = useDirectoryStore((s) => s.categories);
  const error = useDirectoryStore((s) => s.error);
  const risks = useRisksStore((s) => s.risks);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [merging, setMerging] = useState<{ from: CategoryRecord; intoId: string } | null>(null);
  const [confirm, setConfirm] = useState<{ from: CategoryRecord; into: CategoryRecord } | null>(null);
  const [adding, setAdding] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void loadCategories();
  }, []);

  const counts = new Map<string, number>();
  for (const r of risks) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  const report = (o: Outcome, ok: string) =>
    setMessage(o ? { text: o, error: true } : { text: ok, error: false });
  const list = categories ?? [];

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const o = await createCategory(adding);
    report(o, `${adding.trim()} was added.`);
    if (!o) setAdding('');
  };

  return (
    <section className="admin-view" aria-label="Categories" data-testid="categories-view">
      <p className="hint">
        The order here is the order of the register&rsquo;s groups and exports. Renaming changes every risk in
        the category; merging moves its risks into another.
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <OutcomeNotice outcome={message} testId="categories-message" />
      {!readOnly && (
        <form className="admin-form" onSubmit={(e) => void add(e)} aria-label="Add a category">
          <label>
            New category
            <input
              className="input"
              data-testid="category-new"
              value={adding}
              onChange={(e) => setAdding(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!adding.trim()}>
            Add category
          </button>
        </form>
      )}
      <table className="admin-table" data-testid="categories-table">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Risks
            </th>
            <th scope="col">
              <span className="visually-hidden">Changes</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((c, i) => (
            <tr key={c.id} data-testid={`category-row-${c.name}`}>
              <td className="num">
                <div className="row-actions">
                  <span className="num">{i + 1}</span>
                  <button
                    type="button"
                    aria-label={`Move ${c.name} up`}
                    disabled={readOnly || i === 0}
                    onClick={() => void moveCategory(list, c.id, -1).then((o) => o && report(o, ''))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move ${c.name} down`}
                    data-testid={`category-down-${c.name}`}
                    disabled={readOnly || i === list.length - 1}
                    onClick={() => void moveCategory(list, c.id, 1).then((o) => o && report(o, ''))}
                  >
                    ↓
                  </button>
                </div>
              </td>
              <td>
                {renaming?.id === c.id ? (
                  <form
                    className="row-actions"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void renameCategory(c, renaming.name).then((o) => {
                        report(o, `${c.name} is now ${renaming.name.trim()}.`);
                        if (!o) setRenaming(null);
                      });
                    }}
                  >
                    <input
                      className="input"
                      aria-label={`New name for ${c.name}`}
                      data-testid="category-rename-input"
                      value={renaming.name}
                      onChange={(e) => setRenaming({ id: c.id, name: e.target.value })}
                    />
                    <button type="submit" className="primary">
                      Save
                    </button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  c.name
                )}
              </td>
              <td className="num">{counts.get(c.name) ?? 0}</td>
              <td>
                {!readOnly && renaming?.id !== c.id && (
                  <div className="row-actions">
                    <button
                      type="button"
                      data-testid={`category-rename-${c.name}`}
                      onClick={() => setRenaming({ id: c.id, name: c.name })}
                    >
                      Rename
                    </button>
                    {merging?.from.id === c.id ? (
                      <>
                        <select
                          className="input"
                          aria-label={`Merge ${c.name} into`}
                          value={merging.intoId}
                          onChange={(e) => setMerging({ from: c, intoId: e.target.value })}
                        >
                          <option value="">Merge into…</option>
                          {list
                            .filter((x) => x.id !== c.id)
                            .map((x) => (
                              <option key={x.id} value={x.id}>
                                {x.name}
                              </option>
                            ))}
                        </select>
                        <button
                          type="button"
                          disabled={!merging.intoId}
                          onClick={() => {
                            const into = list.find((x) => x.id === merging.intoId);
                            if (into) setConfirm({ from: c, into });
                          }}
                        >
                          Merge…
                        </button>
                        <button type="button" onClick={() => setMerging(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setMerging({ from: c, intoId: '' })}>
                        Merge into…
                      </button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirm && (
        <ConfirmDialog
          title={`Merge ${confirm.from.name} into ${confirm.into.name}?`}
          confirmLabel={`Merge into ${confirm.into.name}`}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const { from, into } = confirm;
            setConfirm(null);
            setMerging(null);
            void mergeCategories(from, into).then((o) =>
              report(o, `${from.name} was merged into ${into.name}.`),
            );
          }}
        >
          <p>
            Every risk in {confirm.from.name} (archived ones too) moves to {confirm.into.name}, and{' '}
            {confirm.from.name} is removed. {confirm.into.name} keeps its own appetite.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
