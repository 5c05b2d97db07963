import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { Identity } from '../../shared/contract/prefs.ts';
import { call } from '../api/client.ts';
import { ApiError } from '../api/api-error.ts';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';

/** Settings › Your name: the name the register's history records for changes made on this computer. */
export function YourNameView() {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void call('prefs:identity', {}).then((id) => {
      setIdentity(id);
      setName(id.displayName ?? '');
    });
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const id = await call('prefs:set-display-name', { displayName: name.trim() || null });
      setIdentity(id);
      setName(id.displayName ?? '');
      setMessage({ text: `Saved. Your changes are now recorded as ${id.recordedAs}.`, error: false });
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : String(err), error: true });
    }
  };

  if (!identity) return <p className="hint">Reading your preferences…</p>;
  return (
    <section className="admin-view" aria-label="Your name" data-testid="your-name-view">
      <p className="hint">
        Every change you make is recorded in the register&rsquo;s history with your name, the time and your
        reason. By default the name is your computer account, <strong>{identity.osUser}</strong>; give a name
        colleagues will recognise, such as &ldquo;Chris Ho (Director of Finance)&rdquo;.
      </p>
      <form onSubmit={(e) => void save(e)}>
        <label htmlFor="display-name">Your name in the history</label>
        <div>
          <input
            id="display-name"
            type="text"
            maxLength={100}
            value={name}
            placeholder={identity.osUser}
            disabled={!identity.canChange}
            onChange={(e) => setName(e.target.value)}
          />{' '}
          <button type="submit" disabled={!identity.canChange}>
            Save
          </button>
        </div>
      </form>
      <p data-testid="recorded-as">
        Changes are recorded as: <strong>{identity.recordedAs}</strong>
      </p>
      <OutcomeNotice outcome={message} />
    </section>
  );
}
