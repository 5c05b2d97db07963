import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { BoardSettings } from '../../shared/export/board-pack.ts';
import { BOARD_TEXT_MAX, MARKING_MAX } from '../../shared/export/board-pack.ts';
import { ApiError } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';
import { useRegisterStore } from '../stores/register-store.ts';

interface Draft extends BoardSettings {
  name: string;
}

/**
 * Settings › Board pack: what the cabinet paper's cover prints — the register's name, the protective marking
 * (on every page), the version and who prepared and approved it. Each change is recorded in the history.
 */
export function BoardSettingsView() {
  const status = useRegisterStore((s) => s.status);
  const readOnly = status?.readOnly ?? false;
  const [saved, setSaved] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const name = status?.settings.name ?? '';

  useEffect(() => {
    void call('board:settings', {}).then((s) => {
      const d = { ...s, name };
      setSaved(d);
      setDraft(d);
    });
    // Read once per register (the name comes from the status the window already holds).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status?.path]);

  if (!saved || !draft) return <p className="hint">Reading the board pack settings…</p>;
  const changed = (Object.keys(draft) as (keyof Draft)[]).some((k) => draft[k].trim() !== saved[k]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      let nextName = saved.name;
      if (draft.name.trim() !== saved.name) {
        const st = await call('register:rename', { name: draft.name.trim() });
        useRegisterStore.setState({ status: st });
        nextName = st.settings.name;
      }
      const next = await call('board:set-settings', {
        marking: draft.marking,
        version: draft.version,
        preparedBy: draft.preparedBy,
        approvedBy: draft.approvedBy,
      });
      const d = { ...next, name: nextName };
      setSaved(d);
      setDraft(d);
      setMessage({ text: 'Saved. The next board pack prints these on its cover.', error: false });
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : String(err), error: true });
    }
  };

  const field = (key: keyof Draft, label: string, max: number, hint?: string) => (
    <>
      <label htmlFor={`board-${key}`}>{label}</label>
      <div>
        <input
          id={`board-${key}`}
          className="input"
          type="text"
          maxLength={max}
          value={draft[key]}
          disabled={readOnly}
          data-testid={`board-${key}`}
          aria-describedby={hint ? `board-${key}-hint` : undefined}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
        {hint && (
          <p className="hint" id={`board-${key}-hint`}>
            {hint}
          </p>
        )}
      </div>
    </>
  );

  return (
    <section className="admin-view" aria-label="Board pack" data-testid="board-settings-view">
      <p className="hint">
        What the board pack&rsquo;s cover prints. Every change is recorded in the audit trail.
      </p>
      <form className="settings-form" onSubmit={(e) => void save(e)}>
        {field('name', 'Register name', 200)}
        {field(
          'marking',
          'Protective marking',
          MARKING_MAX,
          'Printed on every page: OFFICIAL, OFFICIAL-SENSITIVE…',
        )}
        {field('version', 'Version', BOARD_TEXT_MAX, 'Such as "v1.2, Cabinet 14/01/2027"')}
        {field('preparedBy', 'Prepared by', BOARD_TEXT_MAX)}
        {field('approvedBy', 'Approved by', BOARD_TEXT_MAX)}
        <span />
        <div>
          <button type="submit" disabled={readOnly || !changed} data-testid="board-save">
            Save
          </button>
        </div>
      </form>
      <OutcomeNotice outcome={message} testId="board-outcome" />
    </section>
  );
}
