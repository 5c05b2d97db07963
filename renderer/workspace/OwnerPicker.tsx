import { useEffect } from 'react';
import { loadPanelOwners, usePanelStore } from './panel-actions.ts';

/** Add an owner from the directory to the open risk (initials typed into the field still work). */
export function OwnerPicker({
  exclude,
  onPick,
}: {
  exclude: readonly string[];
  onPick: (initials: string) => void;
}) {
  const owners = usePanelStore((s) => s.owners);
  useEffect(() => {
    void loadPanelOwners();
  }, []);
  const choices = owners.filter((o) => !exclude.includes(o.initials));
  if (choices.length === 0) return null;
  return (
    <label className="field owner-picker">
      <span className="visually-hidden">Add an owner from the directory</span>
      <select
        className="input"
        data-testid="owner-picker"
        value=""
        onChange={(e) => {
          if (e.target.value) onPick(e.target.value);
        }}
      >
        <option value="">Add an owner from the directory…</option>
        {choices.map((o) => (
          <option key={o.id} value={o.initials}>
            {o.initials}
            {o.name ? ` – ${o.name}` : ''}
            {o.role ? ` (${o.role})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
