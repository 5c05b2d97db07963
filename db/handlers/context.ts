import type { WriteContext } from '../write-context.ts';
import type { HandlerDeps } from './deps.ts';

export function writeContext(deps: HandlerDeps): WriteContext {
  return { now: deps.now().toISOString(), by: deps.user() };
}
