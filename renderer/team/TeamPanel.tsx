/**
 * The dashboard's Team panel on a team register: each person and when they last synced, read from the server
 * (`team:people`) when the dashboard opens and after each sync round. Offline the list is hidden with a note
 * saying why (no stale guess from an earlier read). Nothing on a single-user register.
 */
import { useEffect, useState } from 'react';
import type { TeamPerson } from '../../shared/contract/team.ts';
import { call, on } from '../api/client.ts';
import { ownerText } from './People.tsx';
import { lastSyncedText } from './when.ts';

type Read = { kind: 'single' } | { kind: 'people'; people: TeamPerson[] } | { kind: 'offline' };

export function TeamPanel() {
  const [read, setRead] = useState<Read | null>(null);
  const [again, setAgain] = useState(0);

  useEffect(
    () =>
      on('team-sync-state', (s) => {
        if (s.kind === 'synced' || s.kind === 'offline') setAgain((n) => n + 1);
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    void (async () => {
      const status = await call('team:status', {}).catch(() => null);
      if (!status) {
        if (live) setRead({ kind: 'single' });
        return;
      }
      const next: Read = await call('team:people', {}).then(
        (people): Read => ({ kind: 'people', people }),
        (): Read => ({ kind: 'offline' }),
      );
      if (live) setRead(next);
    })();
    return () => {
      live = false;
    };
  }, [again]);

  if (!read || read.kind === 'single') return null;
  return (
    <section className="lh-section" aria-label="Team" data-testid="dashboard-team">
      <h2>Team</h2>
      {read.kind === 'offline' ? (
        <p className="hint" data-testid="dashboard-team-offline">
          The team server cannot be reached, so when each person last synced is not shown. It appears again
          once this computer syncs.
        </p>
      ) : (
        <table className="team-people">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Owner</th>
              <th scope="col">Last synced</th>
            </tr>
          </thead>
          <tbody>
            {read.people.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.role}</td>
                <td>{ownerText(p)}</td>
                <td>{lastSyncedText(p.lastSync)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
