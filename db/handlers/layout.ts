/** The register table's layout, kept in the register file. A preference: not recorded in history. */
import type { Handlers } from '../../shared/contract/index.ts';
import { readLayout, writeLayout } from '../layout.ts';
import type { HandlerDeps } from './deps.ts';

type LayoutHandlers = Pick<Handlers, 'layout:get' | 'layout:set'>;

export function layoutHandlers(deps: HandlerDeps): LayoutHandlers {
  const { session } = deps;
  return {
    'layout:get': () => readLayout(session.db),
    'layout:set': ({ layout }) => {
      writeLayout(session.writable(), layout);
      return layout;
    },
  };
}
