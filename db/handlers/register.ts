import type { DamagedDetails, RegisterStatus } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import { appendHistory } from '../history.ts';
import { schemaVersion } from '../migrations/index.ts';
import { countRisks } from '../risks.ts';
import { loadLgaSample } from '../sample/load.ts';
import { readSettings, writeSetting } from '../settings.ts';
import type { RegisterSession } from '../session.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

export function registerStatus(session: RegisterSession): RegisterStatus | null {
  if (!session.isOpen || !session.path) return null;
  const db = session.db;
  return {
    path: session.path,
    settings: readSettings(db),
    riskCount: countRisks(db),
    schemaVersion: schemaVersion(db),
    readOnly: session.readOnly,
    readOnlyReason: session.readOnlyReason,
    keptCopy: session.keptCopy,
  };
}

function mustStatus(session: RegisterSession): RegisterStatus {
  const s = registerStatus(session);
  if (!s) throw new AppError('NO_REGISTER', 'No register is open. Open a register file or create a new one.');
  return s;
}

type RegisterHandlers = Pick<
  Handlers,
  | 'register:status'
  | 'register:create'
  | 'register:open'
  | 'register:create-dialog'
  | 'register:open-dialog'
  | 'register:onboard'
  | 'register:rename'
>;

export function registerHandlers(deps: HandlerDeps): RegisterHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();

  function create(path: string, sample: boolean): RegisterStatus {
    session.create(path);
    const db = session.writable();
    const ctx = writeContext(deps);
    writeTransaction(db, () => {
      if (sample) loadLgaSample(db, ctx);
      writeSetting(db, 'onboarded', true);
    });
    deps.onRegisterOpened?.(path);
    changed();
    return mustStatus(session);
  }

  function open(path: string): RegisterStatus {
    try {
      session.open(path);
    } catch (e) {
      throw withBackupGrant(e);
    }
    deps.onRegisterOpened?.(path);
    changed();
    return mustStatus(session);
  }

  /** A damaged register's backup offer carries a grant, so the window can open the backup without a raw path. */
  function withBackupGrant(e: unknown): unknown {
    if (!(e instanceof AppError) || e.code !== 'DAMAGED') return e;
    const details = e.details as DamagedDetails | undefined;
    if (!details?.backup) return e;
    const file = deps.files.grant(details.backup.path, 'open-register');
    return new AppError(e.code, e.message, { ...details, backup: { ...details.backup, file } });
  }

  return {
    'register:status': () => registerStatus(session),
    'register:create': ({ path, sample }) => create(deps.files.resolve(path, 'create-register'), sample),
    'register:open': ({ path }) => open(deps.files.resolve(path, 'open-register')),
    // After the dialog, an import being written into the open register (the write gate, db/handlers/index.ts) is
    // waited for here: run again, the handler would ask the user again.
    'register:create-dialog': async ({ sample }) => {
      const path = await deps.dialogs.chooseNewRegisterPath();
      if (!path) return null;
      while (session.writingElsewhere) await session.writingElsewhere;
      return create(path, sample);
    },
    'register:open-dialog': async () => {
      const path = await deps.dialogs.chooseRegisterToOpen();
      if (!path) return null;
      while (session.writingElsewhere) await session.writingElsewhere;
      return open(path);
    },
    'register:onboard': ({ choice }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      writeTransaction(db, () => {
        if (readSettings(db).onboarded) {
          throw new AppError('VALIDATION', 'This register has already been set up.');
        }
        if (choice === 'sample') {
          if (countRisks(db) > 0) {
            throw new AppError('VALIDATION', 'The sample can only be loaded into an empty register.');
          }
          loadLgaSample(db, ctx);
        }
        writeSetting(db, 'onboarded', true);
      });
      changed();
      return mustStatus(session);
    },
    'register:rename': ({ name }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      writeTransaction(db, () => {
        const old = readSettings(db).name;
        if (old === name.trim()) return;
        writeSetting(db, 'name', name.trim());
        appendHistory(db, [
          {
            entity: 'register',
            entityId: 'settings',
            label: 'Register',
            action: 'update',
            field: 'name',
            oldValue: old,
            newValue: name.trim(),
            reason: null,
            at: ctx.now,
            by: ctx.by,
          },
        ]);
      });
      changed();
      return mustStatus(session);
    },
  };
}
