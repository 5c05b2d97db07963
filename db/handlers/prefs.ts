import type { Handlers } from '../../shared/contract/index.ts';
import type { Identity } from '../../shared/contract/prefs.ts';
import { AppError } from '../../shared/errors.ts';
import type { HandlerDeps } from './deps.ts';

type PrefsHandlers = Pick<Handlers, 'prefs:identity' | 'prefs:set-display-name'>;

export function prefsHandlers(deps: HandlerDeps): PrefsHandlers {
  const identity = (): Identity => {
    const store = deps.identity;
    const displayName = store?.displayName() ?? null;
    return {
      osUser: store?.osUser ?? deps.user(),
      displayName,
      recordedAs: deps.user(),
      canChange: store !== undefined,
    };
  };
  return {
    'prefs:identity': () => identity(),
    'prefs:set-display-name': ({ displayName }) => {
      if (!deps.identity) {
        throw new AppError(
          'VALIDATION',
          'This host keeps no preferences: pass --by NAME to say who is making a change.',
        );
      }
      deps.identity.setDisplayName(displayName ? displayName : null);
      return identity();
    },
  };
}
