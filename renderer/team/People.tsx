/**
 * People on a team register: everyone on the server with their role, linked owner (name and initials) and when
 * they last synced, read from the server when the dialog opens (`team:people`); offline it says so and shows no
 * stale list. A manager can add a person: the main process creates the login with a generated password, shown
 * here once with Copy. A manager can also change a person's role (and owner link) and remove a person, after a
 * confirm step that says what happens. Others see the list only; the server refuses anyone whose login may not
 * change people, and its refusal is shown in words.
 */
import { useEffect, useState } from 'react';
import type { TeamPerson } from '../../shared/contract/team.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { Modal } from '../io/Modal.tsx';
import { lastSyncedText } from './when.ts';

type Role = TeamPerson['role'];

/** What happened to the removed person's open connections, in words ("" when they had none). */
export function sessionWords(r: { sessionsEnded: number; sessionsOpen: number }): string {
  const n = (k: number) => (k === 1 ? '1 open connection' : `${k} open connections`);
  const parts: string[] = [];
  if (r.sessionsEnded) parts.push(`${n(r.sessionsEnded)} ended`);
  if (r.sessionsOpen)
    parts.push(
      `${n(r.sessionsOpen)} left open, as the server does not let your login end it (it can no longer read or change anything)`,
    );
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export function ownerText(p: TeamPerson): string {
  if (!p.ownerInitials) return '—';
  return p.ownerName ? `${p.ownerName} (${p.ownerInitials})` : p.ownerInitials;
}

export function People({ myRole, onClose }: { myRole: Role; onClose: () => void }) {
  const [people, setPeople] = useState<TeamPerson[] | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('owner');
  const [owner, setOwner] = useState('');
  const [busy, setBusy] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [added, setAdded] = useState<{ name: string; password: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const manager = myRole === 'manager';
  // Changing one person's role, or confirming their removal (one at a time, below the list).
  const [changing, setChanging] = useState<{ name: string; role: Role; owner: string } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const startChange = (p: TeamPerson) => {
    setRemoving(null);
    setChangeError(null);
    setNotice(null);
    setChanging({ name: p.name, role: p.role, owner: p.ownerInitials ?? '' });
  };
  const startRemove = (p: TeamPerson) => {
    setChanging(null);
    setChangeError(null);
    setNotice(null);
    setRemoving(p.name);
  };
  const saveRole = () => {
    if (!changing) return;
    setBusy(true);
    setChangeError(null);
    call('team:set-role', {
      name: changing.name,
      role: changing.role,
      ...(changing.role === 'owner' ? { owner: changing.owner.trim() } : {}),
    }).then(
      (r) => {
        setBusy(false);
        setChanging(null);
        setNotice(
          r.changed
            ? `${r.name} is now ${r.role}${r.owner ? ` (owner ${r.owner})` : ''}. The server applies it to their next change.`
            : `${r.name} was already ${r.role}; nothing changed.`,
        );
        setReload((n) => n + 1);
      },
      (e: unknown) => {
        setBusy(false);
        setChangeError(messageOf(e));
      },
    );
  };
  const remove = () => {
    if (!removing) return;
    setBusy(true);
    setChangeError(null);
    call('team:remove-person', { name: removing }).then(
      (r) => {
        setBusy(false);
        setRemoving(null);
        setNotice(
          `${r.name} was removed${sessionWords(r)}. Their past changes stay in the history under their name.`,
        );
        setReload((n) => n + 1);
      },
      (e: unknown) => {
        setBusy(false);
        setChangeError(messageOf(e));
      },
    );
  };

  useEffect(() => {
    let live = true;
    call('team:people', {}).then(
      (list) => {
        if (!live) return;
        setPeople(list);
        setReadError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setPeople(null);
        setReadError(messageOf(e));
      },
    );
    return () => {
      live = false;
    };
  }, [reload]);

  const ready = name.trim() !== '' && (role !== 'owner' || owner.trim() !== '');
  const add = () => {
    setBusy(true);
    setAddError(null);
    setCopied(false);
    call('team:add-person', {
      name: name.trim(),
      role,
      ...(role === 'owner' ? { owner: owner.trim() } : {}),
    }).then(
      (r) => {
        setBusy(false);
        setAdded({ name: r.name, password: r.password });
        setName('');
        setOwner('');
        setReload((n) => n + 1);
      },
      (e: unknown) => {
        setBusy(false);
        setAddError(messageOf(e));
      },
    );
  };

  return (
    <Modal
      title="People"
      testId="team-people"
      onClose={onClose}
      footer={
        <button type="button" onClick={onClose}>
          Done
        </button>
      }
    >
      {readError ? (
        <p className="field-error selectable" role="alert" data-testid="people-offline">
          People are read from the team server, which cannot be reached now, so no list is shown. {readError}
        </p>
      ) : !people ? (
        <p className="hint">Reading from the team server…</p>
      ) : (
        <table className="team-people" data-testid="people-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Owner</th>
              <th scope="col">Last synced</th>
              {manager && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.role}</td>
                <td>{ownerText(p)}</td>
                <td>{lastSyncedText(p.lastSync)}</td>
                {manager && (
                  <td>
                    <button
                      type="button"
                      aria-label={`Change the role of ${p.name}`}
                      data-testid={`people-change-${p.name}`}
                      disabled={busy}
                      onClick={() => startChange(p)}
                    >
                      Role…
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={`Remove ${p.name}`}
                      data-testid={`people-remove-${p.name}`}
                      disabled={busy}
                      onClick={() => startRemove(p)}
                    >
                      Remove…
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notice && (
        <p className="hint" role="status" data-testid="people-notice">
          {notice}
        </p>
      )}
      {manager && changing && (
        <form
          className="team-form"
          data-testid="people-role"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && (changing.role !== 'owner' || changing.owner.trim() !== '')) saveRole();
          }}
        >
          <h3>Change the role of {changing.name}</h3>
          <label className="field">
            <span className="field-label">Role</span>
            <select
              className="input"
              value={changing.role}
              onChange={(e) => setChanging({ ...changing, role: e.target.value as Role })}
            >
              <option value="manager">Manager: everything</option>
              <option value="owner">Owner: their own risks</option>
              <option value="viewer">Viewer: read and export</option>
            </select>
          </label>
          {changing.role === 'owner' && (
            <label className="field">
              <span className="field-label">Owner initials</span>
              <input
                className="input"
                type="text"
                spellCheck={false}
                value={changing.owner}
                onChange={(e) => setChanging({ ...changing, owner: e.target.value })}
              />
            </label>
          )}
          <p className="hint">
            The server checks their next change against the new role; changes of theirs it then refuses stay
            on their laptop as refused changes, with the reason.
          </p>
          <div className="team-buttons">
            <button
              type="submit"
              className="primary"
              disabled={busy || (changing.role === 'owner' && changing.owner.trim() === '')}
            >
              {busy ? 'Saving…' : 'Save role'}
            </button>{' '}
            <button type="button" onClick={() => setChanging(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {manager && removing && (
        <div
          className="team-form"
          role="group"
          aria-label={`Remove ${removing}`}
          data-testid="people-confirm-remove"
        >
          <h3>Remove {removing} from the team register?</h3>
          <ul>
            <li>Their login can no longer connect to the team server.</li>
            <li>Their past changes stay in the history under their name.</li>
            <li>Changes still waiting on their laptop will be refused.</li>
          </ul>
          <div className="team-buttons">
            <button type="button" className="danger" disabled={busy} onClick={remove}>
              {busy ? 'Removing…' : `Remove ${removing}`}
            </button>{' '}
            <button type="button" onClick={() => setRemoving(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {changeError && (
        <p className="field-error selectable" role="alert" data-testid="people-change-error">
          {changeError}
        </p>
      )}
      {added && (
        <div className="team-new-password" role="status" data-testid="people-password">
          <p>
            {added.name} can now join with this password. It will not be shown again: copy it and send it to
            them safely.
          </p>
          <p>
            <code className="selectable">{added.password}</code>{' '}
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(added.password).then(
                  () => setCopied(true),
                  () => setAddError('Could not copy: select the password and copy it instead.'),
                )
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </p>
        </div>
      )}
      {manager && !readError && (
        <form
          className="team-form"
          data-testid="people-add"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && !busy) add();
          }}
        >
          <h3>Add a person</h3>
          <label className="field">
            <span className="field-label">Login name</span>
            <input
              className="input"
              type="text"
              spellCheck={false}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">Role</span>
            <select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="manager">Manager: everything</option>
              <option value="owner">Owner: their own risks</option>
              <option value="viewer">Viewer: read and export</option>
            </select>
          </label>
          {role === 'owner' && (
            <label className="field">
              <span className="field-label">Owner initials</span>
              <input
                className="input"
                type="text"
                spellCheck={false}
                value={owner}
                onChange={(e) => setOwner(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="primary" disabled={busy || !ready}>
            {busy ? 'Adding…' : 'Add person'}
          </button>
          {addError && (
            <p className="field-error selectable" role="alert">
              {addError}
            </p>
          )}
        </form>
      )}
      {!manager && !readError && (
        <p className="hint">Only a risk manager can add people, change their roles or remove them.</p>
      )}
    </Modal>
  );
}
