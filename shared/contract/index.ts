/**
 * The IPC contract: every channel, its input validator and its output type.
 * The handler table, the preload bridge, the renderer's client and the CLI are all typed from this.
 * To add a call: add it to a domain file here and its name to channels.ts, then let the compiler point at the rest.
 */
import type { z } from 'zod';
import type { ErrorInfo, Result } from '../errors.ts';
import type { ChannelName } from './channels.ts';
import { CHANNEL_NAMES } from './channels.ts';
import type { ChannelDef } from './define.ts';
import { actionChannels } from './actions.ts';
import { boardPackChannels } from './board-pack.ts';
import { backupChannels } from './backup.ts';
import { directoryChannels } from './directory.ts';
import { historyChannels } from './history.ts';
import { ioChannels } from './io.ts';
import { keyChannels } from './key.ts';
import { layoutChannels } from './layout.ts';
import { leadershipChannels } from './leadership.ts';
import { prefsChannels } from './prefs.ts';
import { registerChannels } from './register.ts';
import { riskAdminChannels } from './risk-admin.ts';
import { riskChannels } from './risks.ts';
import { syncChannels } from './sync.ts';
import { boardChannels } from './board.ts';
import { controlChannels } from './controls.ts';
import { objectiveChannels } from './objectives.ts';
import { teamChannels } from './team.ts';
import { appetiteChannels } from './appetite.ts';
import { criteriaChannels } from './criteria.ts';
import type { TeamLoopState } from './team.ts';

export const contract = {
  ...registerChannels,
  ...riskChannels,
  ...riskAdminChannels,
  ...actionChannels,
  ...directoryChannels,
  ...layoutChannels,
  ...keyChannels,
  ...leadershipChannels,
  ...historyChannels,
  ...ioChannels,
  ...prefsChannels,
  ...backupChannels,
  ...boardPackChannels,
  ...syncChannels,
  ...boardChannels,
  ...controlChannels,
  ...objectiveChannels,
  ...teamChannels,
  ...appetiteChannels,
  ...criteriaChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** Every channel, from the plain name list (so the preload needs no validators). */
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

/** The name list and the contract hold the same channels: a missing or extra name fails to compile here. */
type Missing = Exclude<Channel, ChannelName>;
type Extra = Exclude<ChannelName, Channel>;
export const CHANNEL_LIST_MATCHES_CONTRACT: [Missing, Extra] extends [never, never]
  ? true
  : { missingFromChannelsTs: Missing; notInContract: Extra } = true;

/** What a caller sends (defaults may be left out). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives, after validation and defaults. */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = Contract[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>> };

/** Events pushed from the main process to the window. */
export interface AppEvents {
  /** A menu command chosen in the native menu. */
  menu: MenuCommand;
  /** The open register changed (opened, created, edited in another window). */
  'register-changed': null;
  /** The team sync loop's state changed (main process → window; team/*: TeamStatus chip). */
  'team-sync-state': TeamLoopState;
}
export type MenuCommand =
  | 'new-risk'
  | 'find'
  | 'undo'
  | 'redo'
  | 'view-register'
  | 'view-heatmap'
  | 'import'
  | 'export'
  | 'export-register'
  | 'share-register';

/** `window.api`: one function per channel, plus `on` for events. */
export type Api = { [C in Channel]: (input: InputOf<C>) => Promise<Result<OutputOf<C>>> } & {
  on<E extends keyof AppEvents>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
};

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export type { ErrorInfo, Result };
