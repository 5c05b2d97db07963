import { useState } from 'react';
import { useRisksStore } from '../stores/risks-store.ts';
import { clearChecked } from './table-actions.ts';
import { useTableStore } from './table-store.ts';
import { dismissBulk, runBulk } from './workspace-actions.ts';
import { useWorkspaceStore } from './workspace-store.ts';

/** Changes to every ticked risk at once, all or nothing: assign an owner, change category, archive. */
export function BulkBar({ owners }: { owners: readonly string[] }) {
  const checked = useTableStore((s) => s.checked);
  const categories = useRisksStore((s) => s.categories);
  const bulk = useWorkspaceStore((s) => s.bulk);
  const [owner, setOwner] = useState('');
  const [mode, setMode] = useState<'replace' | 'add'>('replace');
  const [category, setCategory] = useState('');
  const [confirmArchive, setConfirmArchive] = useState(false);
  const n = Object.keys(checked).length;

  if (n === 0) {
    if (!bulk.error && !bulk.done) return null;
    return (
      <div
        className={bulk.error ? 'notice notice-error bulk-outcome' : 'notice bulk-outcome'}
        role={bulk.error ? 'alert' : 'status'}
        data-testid="bulk-outcome"
      >
        {bulk.error ?? bulk.done}{' '}
        <button type="button" className="link" onClick={dismissBulk}>
          Dismiss
        </button>
      </div>
    );
  }
  const risks = `${n} ${n === 1 ? 'risk' : 'risks'}`;
  return (
    <section className="bulk-bar" aria-label="Change the ticked risks" data-testid="bulk-bar">
      <p className="bulk-count">
        <strong>{risks} ticked</strong>{' '}
        <button type="button" className="link" onClick={clearChecked}>
          Untick all
        </button>
      </p>
      <form
        className="bulk-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (owner.trim()) void runBulk({ op: 'assign-owner', owner: owner.trim(), mode });
        }}
      >
        <label>
          <span className="toolbar-label">Owner</span>
          <input
            className="input"
            list="bulk-owner-options"
            value={owner}
            size={8}
            data-testid="bulk-owner"
            placeholder="Initials"
            onChange={(e) => setOwner(e.target.value)}
          />
        </label>
        <datalist id="bulk-owner-options">
          {owners.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <select
          className="input"
          aria-label="Replace or add the owner"
          value={mode}
          onChange={(e) => setMode(e.target.value as 'replace' | 'add')}
        >
          <option value="replace">replacing the owners</option>
          <option value="add">added to the owners</option>
        </select>
        <button type="submit" disabled={bulk.busy || !owner.trim()} data-testid="bulk-assign">
          Assign owner
        </button>
      </form>
      <form
        className="bulk-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (category.trim()) void runBulk({ op: 'change-category', category: category.trim() });
        }}
      >
        <label>
          <span className="toolbar-label">Category</span>
          <input
            className="input"
            list="bulk-category-options"
            value={category}
            size={14}
            data-testid="bulk-category"
            onChange={(e) => setCategory(e.target.value)}
          />
        </label>
        <datalist id="bulk-category-options">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <button type="submit" disabled={bulk.busy || !category.trim()} data-testid="bulk-category-apply">
          Change category
        </button>
      </form>
      {confirmArchive ? (
        <p className="bulk-confirm">
          Archive {risks}? They can be restored from Archived.{' '}
          <button
            type="button"
            className="danger"
            data-testid="bulk-archive-confirm"
            disabled={bulk.busy}
            onClick={() => {
              setConfirmArchive(false);
              void runBulk({ op: 'archive' });
            }}
          >
            Archive {risks}
          </button>{' '}
          <button type="button" onClick={() => setConfirmArchive(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" data-testid="bulk-archive" onClick={() => setConfirmArchive(true)}>
          Archive…
        </button>
      )}
      {bulk.error && (
        <p className="field-error" role="alert" data-testid="bulk-error">
          {bulk.error}
        </p>
      )}
    </section>
  );
}
