/**
 * On a team replica: the sync state under the register's name (*Synced 14:32* · *3 changes waiting* · *2 conflicts*),
 * the conflicts the server reported (base, theirs, mine, who, when) and the changes it refused, with the reason,
 * until dismissed. Nothing on a single-user register. Read from the local replica (`team:status`,
 * `conflicts:list`) whenever the register's list moves. *Sync now* and each conflict's *Keep theirs* / *Keep mine*
 * ask the main process (`sync:now`, `conflicts:resolve`), which holds the server password.
 */
import { useEffect, useState } from 'react';
import type { TeamConflict, TeamLoopState, TeamStatus as Status } from '../../shared/contract/team.ts';
import { call, on } from '../api/client.ts';
import { formatDate, formatTime } from '../format/dates.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { settledRisks, useRisksStore } from '../stores/risks-store.ts';
import { TeamSettings } from './TeamSettings.tsx';
import { checkTypedValue, typedHint } from '../../shared/team-value.ts';
import { openTeamDialog } from '../team/team-ui-store.ts';
import { TeamDialogs } from '../team/TeamDialogs.tsx';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function show(v: unknown): string {
  if (v && typeof v === 'object' && 'impact' in v && 'likelihood' in v) {
    const p = v as { impact: unknown; likelihood: unknown };
    return `${String(p.impact)} × ${String(p.likelihood)}`;
  }
  if (v && typeof v === 'object' && 'archivedAt' in v) return 'archived';
  if (v && typeof v === 'object' && 'deleted' in v) return 'deleted';
  if (Array.isArray(v)) return v.join('/');
  return v === null || v === undefined ? 'nothing' : String(v);
}

function when(iso: string): string {
  const d = new Date(iso);
  return `${formatDate(d)} ${formatTime(d)}`;
}

export function TeamStatus() {
  // Read again when the list moves: once it is whole, not on each page of it.
  const risks = useRisksStore(settledRisks);
  const path = useRegisterStore((s) => s.status?.path ?? null);
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? true);
  /** The conflict whose "Type another value" box is open, and what is typed in it. */
  const [typing, setTyping] = useState<{ id: number; text: string } | null>(null);
  const [state, setState] = useState<{ status: Status; conflicts: TeamConflict[] } | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loop, setLoop] = useState<TeamLoopState | null>(null);
  const [settings, setSettings] = useState(false);
  const [copied, setCopied] = useState<number | null>(null);

  /** Run a main-process team call, then read the state again; its error stays shown until the next one. */
  const run = (p: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    p.then(
      () => undefined,
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    ).finally(() => {
      setBusy(false);
      setReload((n) => n + 1);
    });
  };

  // A sync round rewrites the replica outside this window: read the state again on every change notice.
  useEffect(() => on('register-changed', () => setReload((n) => n + 1)), []);
  // The main process's sync loop (Syncing…, Offline since hh:mm and why) arrives as it changes.
  useEffect(() => on('team-sync-state', (s) => setLoop(s)), []);

  useEffect(() => {
    let live = true;
    Promise.all([call('team:status', {}), call('conflicts:list', {}), call('team:sync-state', {})]).then(
      ([status, conflicts, loopState]) => {
        if (!live) return;
        setState(status ? { status, conflicts } : null);
        setLoop(loopState);
      },
      () => {
        if (live) setState(null);
      },
    );
    return () => {
      live = false;
    };
  }, [risks, path, reload]);

  if (!state) {
    // A single-user register: the way to share it (File › Share register… opens the same dialog).
    if (!path || readOnly) return <TeamDialogs myRole={null} />;
    return (
      <div className="team-status" data-testid="team-share-entry">
        <button type="button" className="link" onClick={() => openTeamDialog('share')}>
          Share register…
        </button>
        <TeamDialogs myRole={null} />
      </div>
    );
  }
  const { status, conflicts } = state;
  const parts: string[] = [];
  // The loop's Syncing… and Offline since hh:mm come first: they say whether the counts below can move.
  if (loop?.kind === 'syncing') parts.push('Syncing…');
  if (loop?.kind === 'offline' && loop.at) parts.push(`Offline since ${formatTime(new Date(loop.at))}`);
  // Removed from the team register: its own state, said first; the waiting changes stay counted below.
  if (loop?.kind === 'removed') parts.push('Access removed');
  if (status.conflicts) parts.push(count(status.conflicts, 'conflict', 'conflicts'));
  if (status.waiting) parts.push(count(status.waiting, 'change waiting', 'changes waiting'));
  if (!parts.length)
    parts.push(status.lastSync ? `Synced ${formatTime(new Date(status.lastSync))}` : 'Not synced yet');
  if (status.rejected.length) parts.push(count(status.rejected.length, 'change refused', 'changes refused'));

  return (
    <div className="team-status" data-testid="team-status">
      <p className="tag" role="status" title={`${status.user} (${status.role}) on ${status.server}`}>
        {parts.join(' · ')}
      </p>
      <button type="button" className="link" disabled={busy} onClick={() => run(call('sync:now', {}))}>
        {busy ? 'Syncing…' : 'Sync now'}
      </button>{' '}
      <button type="button" className="link" onClick={() => setSettings(true)}>
        Team settings
      </button>{' '}
      <button type="button" className="link" onClick={() => openTeamDialog('people')}>
        People
      </button>
      <TeamDialogs myRole={status.role} />
      {loop?.kind === 'removed' && loop.message && (
        <p className="field-error selectable" role="alert" data-testid="team-access-removed">
          {loop.message}
        </p>
      )}
      {loop?.kind === 'offline' && loop.message && (
        <details data-testid="team-offline-reason">
          <summary>Why offline?</summary>
          <p className="hint selectable">{loop.message}</p>
        </details>
      )}
      {settings && (
        <TeamSettings
          user={status.user}
          role={status.role}
          server={status.server}
          onClose={() => setSettings(false)}
          onSaved={() => {
            setSettings(false);
            setReload((n) => n + 1);
          }}
        />
      )}
      {error && (
        <p className="error selectable" role="alert">
          {error}
        </p>
      )}
      {conflicts.length > 0 && (
        <details data-testid="team-conflicts">
          <summary>Conflicts</summary>
          <ul>
            {conflicts.map((c) => (
              <li key={c.id}>
                #{c.id} {c.ref} {c.field}: was {show(c.base)}, now {show(c.theirs)}, {c.by} wanted{' '}
                {show(c.mine)} ({when(c.at)}){' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => run(call('conflicts:resolve', { id: c.id, keep: 'theirs' }))}
                >
                  Keep theirs
                </button>{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => run(call('conflicts:resolve', { id: c.id, keep: 'mine' }))}
                >
                  Keep mine
                </button>{' '}
                {typing?.id === c.id ? (
                  <TypedValue
                    field={c.field}
                    text={typing.text}
                    busy={busy}
                    onChange={(text) => setTyping({ id: c.id, text })}
                    onCancel={() => setTyping(null)}
                    onApply={(value) => {
                      setTyping(null);
                      run(call('conflicts:resolve', { id: c.id, keep: 'value', value }));
                    }}
                  />
                ) : (
                  <button type="button" disabled={busy} onClick={() => setTyping({ id: c.id, text: '' })}>
                    Type another value
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {status.rejected.length > 0 && (
        <details data-testid="team-rejected">
          <summary>Refused changes</summary>
          <ul>
            {status.rejected.map((r) => (
              <li key={r.id}>
                <span className="selectable">
                  {r.ref} {r.field ?? r.action}: {r.reason}
                </span>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void navigator.clipboard
                      .writeText(`${r.ref} ${r.field ?? r.action}: wanted ${show(r.mine)}. ${r.reason}`)
                      .then(
                        () => setCopied(r.id),
                        () => setError('Could not copy: select the text and copy it instead.'),
                      )
                  }
                >
                  {copied === r.id ? 'Copied' : 'Copy'}
                </button>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void call('team:dismiss-rejected', { id: r.id }).then(() => setReload((n) => n + 1))
                  }
                >
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** "Type another value": a box checked as it is typed for the field in conflict, then Apply sends it. */
function TypedValue({
  field,
  text,
  busy,
  onChange,
  onCancel,
  onApply,
}: {
  field: string;
  text: string;
  busy: boolean;
  onChange: (text: string) => void;
  onCancel: () => void;
  onApply: (value: string) => void;
}) {
  const check = checkTypedValue(field, text);
  const problem = text !== '' && !check.ok ? check.message : null;
  return (
    <form
      className="team-typed"
      data-testid="team-typed-value"
      onSubmit={(e) => {
        e.preventDefault();
        if (check.ok && text !== '' && !busy) onApply(check.value);
      }}
    >
      <label>
        <span className="field-label">
          New {field} ({typedHint(field)})
        </span>{' '}
        <input
          className="input"
          type="text"
          spellCheck={false}
          autoFocus
          aria-invalid={problem ? true : undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>{' '}
      <button type="submit" disabled={busy || text === '' || !check.ok}>
        Apply
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
