/**
 * A new register in a temp folder behind the real handler table, on a clock the test sets, as Rita Manager: the
 * set-up of the export tests that run the Orange Book script (orange-script.ts) on it.
 */
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { Ok } from './orange-script.ts';

export function openClockedRegister(
  prefix: string,
  now: () => Date,
): { tmp: TempDir; session: RegisterSession; ok: Ok } {
  const tmp = makeTempDir(prefix);
  const session = new RegisterSession();
  session.create(tmp.file('council.riskregister'));
  const h = createHandlers({
    files: trustedPaths,
    session,
    now,
    user: () => 'Rita Manager',
    dialogs: noDialogs,
  });
  const ok: Ok = async (c, input) => {
    const r = await dispatch(h, c, input);
    if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
    return r.value as never;
  };
  return { tmp, session, ok };
}
