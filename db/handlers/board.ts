import type { Handlers } from '../../shared/contract/index.ts';
import { readBoardSettings, setRiskConfidential, writeBoardSettings } from '../board.ts';
import { writeTransaction } from '../transaction.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type BoardHandlers = Pick<Handlers, 'risks:set-confidential' | 'board:settings' | 'board:set-settings'>;

export function boardHandlers(deps: HandlerDeps): BoardHandlers {
  const { session } = deps;
  return {
    'risks:set-confidential': ({ id, version, confidential, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () =>
        setRiskConfidential(db, id, version, confidential, reason, writeContext(deps)),
      );
      deps.onRegisterChanged?.();
      return updated;
    },
    'board:settings': () => readBoardSettings(session.db),
    'board:set-settings': ({ reason, ...settings }) => {
      const db = session.writable();
      const saved = writeTransaction(db, () => writeBoardSettings(db, settings, reason, writeContext(deps)));
      deps.onRegisterChanged?.();
      return saved;
    },
  };
}
