import type { Handlers } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { getCategory, setCategoryAppetite } from '../categories.ts';
import { appendHistory } from '../history.ts';
import { readSettings, writeSetting } from '../settings.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { registerStatus } from './register.ts';
import { writeTransaction } from '../transaction.ts';

type KeyHandlers = Pick<Handlers, 'key:get' | 'key:set' | 'categories:set-appetite'>;

export function keyHandlers(deps: HandlerDeps): KeyHandlers {
  const { session } = deps;
  return {
    'key:get': () => readSettings(session.db).key,
    'key:set': ({ key, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      writeTransaction(db, () => {
        const old = readSettings(db).key;
        if (JSON.stringify(old) === JSON.stringify(key)) return;
        writeSetting(db, 'key', key);
        appendHistory(db, [
          {
            entity: 'register',
            entityId: 'settings',
            label: 'Band key',
            action: 'update',
            field: 'key',
            oldValue: old,
            newValue: key,
            reason: reason ?? null,
            at: ctx.now,
            by: ctx.by,
          },
        ]);
      });
      deps.onRegisterChanged?.();
      const status = registerStatus(session);
      if (!status) throw new AppError('NO_REGISTER', 'No register is open.');
      return status;
    },
    'categories:set-appetite': ({ id, appetite, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const updated = writeTransaction(db, () => {
        const before = getCategory(db, id);
        if (!before) throw new AppError('NOT_FOUND', 'This category no longer exists.');
        if (before.appetite === appetite) return before;
        setCategoryAppetite(db, id, appetite);
        appendHistory(db, [
          {
            entity: 'category',
            entityId: id,
            label: before.name,
            action: 'update',
            field: 'appetite',
            oldValue: before.appetite,
            newValue: appetite,
            reason: reason ?? null,
            at: ctx.now,
            by: ctx.by,
          },
        ]);
        return { ...before, appetite };
      });
      deps.onRegisterChanged?.();
      return updated;
    },
  };
}
