/**
 * The command line's handler table, loaded group by group (issue 14, "CLI start ≤ 0.15 s"): a command that calls
 * four channels loads the handler modules of those channels only, not all twenty groups and everything they import
 * (team sync and PostgreSQL, import and export, controls, objectives …). In the bundle each group is its own chunk
 * (build.cli.mjs, esbuild `splitting`), so Node reads and compiles only the chunks a command reaches.
 *
 * `GROUPS` names the channels each group serves. A channel it does not list (a new one) is still served: the whole
 * table (db/handlers/index.ts `createHandlers`) is loaded then, so a missing entry costs start-up time, never a
 * wrong answer. test/integration/cli-handler-groups.test.ts checks every listed channel against its group's module.
 */
import type { Channel, Handlers } from '../../shared/contract/index.ts';
import type { HandlerDeps } from '../handlers/deps.ts';

type Table = Partial<Handlers>;
type Handler = (input: unknown) => unknown;

export interface HandlerGroup {
  load: () => Promise<(deps: HandlerDeps) => Table>;
  channels: readonly string[];
}

export const GROUPS: Record<string, HandlerGroup> = {
  actions: {
    load: async () => (await import('../handlers/actions.ts')).actionHandlers,
    channels: ['actions:list', 'actions:create', 'actions:update', 'actions:archive'],
  },
  'board-pack': {
    load: async () => (await import('../handlers/board-pack.ts')).boardPackHandlers,
    channels: ['export:board-pack'],
  },
  backup: {
    load: async () => (await import('../handlers/backup.ts')).backupHandlers,
    channels: ['register:backup'],
  },
  directory: {
    load: async () => (await import('../handlers/directory.ts')).directoryHandlers,
    channels: [
      'owners:create',
      'owners:update',
      'owners:merge',
      'owners:delete',
      'categories:create',
      'categories:rename',
      'categories:merge',
      'categories:reorder',
    ],
  },
  history: {
    load: async () => (await import('../handlers/history.ts')).historyHandlers,
    channels: [
      'reviews:record',
      'reviews:set-cycle',
      'reviews:due',
      'reviews:list',
      'snapshots:take',
      'snapshots:list',
      'snapshots:get',
      'snapshots:compare',
      'risks:travel',
      'audit:list',
      'audit:facets',
      'audit:verify',
      'audit:head',
      'audit:export',
    ],
  },
  io: {
    load: async () => (await import('../handlers/io.ts')).ioHandlers,
    channels: ['import:preview', 'import:commit', 'export:summary', 'export:register'],
  },
  key: {
    load: async () => (await import('../handlers/key.ts')).keyHandlers,
    channels: ['key:get', 'key:set', 'categories:set-appetite'],
  },
  layout: {
    load: async () => (await import('../handlers/layout.ts')).layoutHandlers,
    channels: ['layout:get', 'layout:set'],
  },
  leadership: {
    load: async () => (await import('../handlers/leadership.ts')).leadershipHandlers,
    channels: ['export:png'],
  },
  prefs: {
    load: async () => (await import('../handlers/prefs.ts')).prefsHandlers,
    channels: ['prefs:identity', 'prefs:set-display-name'],
  },
  register: {
    load: async () => (await import('../handlers/register.ts')).registerHandlers,
    channels: [
      'register:status',
      'register:create',
      'register:open',
      'register:create-dialog',
      'register:open-dialog',
      'register:onboard',
      'register:rename',
    ],
  },
  'risk-admin': {
    load: async () => (await import('../handlers/risk-admin.ts')).riskAdminHandlers,
    channels: [
      'risks:suggest-ref',
      'risks:archive',
      'risks:restore',
      'risks:delete',
      'risks:bulk',
      'history:revert',
      'history:revert-many',
      'history:list',
    ],
  },
  risks: {
    load: async () => (await import('../handlers/risks.ts')).riskHandlers,
    channels: [
      'risks:list',
      'risks:find-by-ref',
      'risks:get',
      'risks:create',
      'risks:update',
      'risks:update-score',
      'risks:history',
      'categories:list',
      'owners:list',
    ],
  },
  sync: {
    load: async () => (await import('../handlers/sync.ts')).syncHandlers,
    channels: ['risks:list-with-revision', 'risks:changes'],
  },
  board: {
    load: async () => (await import('../handlers/board.ts')).boardHandlers,
    channels: ['risks:set-confidential', 'board:settings', 'board:set-settings'],
  },
  controls: {
    load: async () => (await import('../handlers/controls.ts')).controlHandlers,
    channels: [
      'controls:list',
      'controls:create',
      'controls:split',
      'controls:update',
      'controls:assess',
      'controls:link',
      'controls:unlink',
      'controls:delete',
      'controls:for-risk',
      'controls:flags',
      'assurances:create',
      'assurances:update',
      'assurances:delete',
      'treatment:set',
    ],
  },
  objectives: {
    load: async () => (await import('../handlers/objectives.ts')).objectiveHandlers,
    channels: [
      'objectives:list',
      'objectives:create',
      'objectives:update',
      'objectives:archive',
      'objectives:link',
      'objectives:of-risk',
      'objectives:import',
      'objectives:import-chosen',
      'escalation:rules',
      'escalation:set-rules',
      'escalation:preview',
      'escalation:list',
    ],
  },
  team: {
    load: async () => (await import('../handlers/team.ts')).teamHandlers,
    channels: [
      'team:status',
      'conflicts:list',
      'team:dismiss-rejected',
      'sync:now',
      'conflicts:resolve',
      'team:save-password',
      'team:sync-state',
      'team:join',
      'team:publish',
      'team:people',
      'team:add-person',
      'team:set-role',
      'team:remove-person',
    ],
  },
  appetite: {
    load: async () => (await import('../handlers/appetite.ts')).appetiteHandlers,
    channels: [
      'appetite:get',
      'appetite:set-level',
      'appetite:set-mapping',
      'appetite:set-statement',
      'appetite:history',
      'risks:set-appetite-override',
    ],
  },
  criteria: {
    load: async () => (await import('../handlers/criteria.ts')).criteriaHandlers,
    channels: ['criteria:get', 'criteria:set'],
  },
};

/** The handler table's functions for the command line: each group's module is imported on its first call. */
export function lazyHandlers(deps: HandlerDeps): Handlers {
  const byChannel = new Map<string, HandlerGroup>();
  for (const group of Object.values(GROUPS)) for (const c of group.channels) byChannel.set(c, group);
  const tables = new Map<HandlerGroup | 'all', Promise<Table>>();
  const tableOf = (group: HandlerGroup | undefined): Promise<Table> => {
    const key = group ?? 'all';
    let table = tables.get(key);
    if (!table) {
      table = group
        ? group.load().then((make) => make(deps))
        : import('../handlers/index.ts').then(({ createHandlers }) => createHandlers(deps));
      tables.set(key, table);
    }
    return table;
  };
  return new Proxy({} as Handlers, {
    get: (_target, channel) => {
      if (typeof channel !== 'string') return undefined;
      return async (input: unknown) => {
        const table = await tableOf(byChannel.get(channel));
        const handler = (table[channel as Channel] ?? (await tableOf(undefined))[channel as Channel]) as
          Handler | undefined;
        if (!handler) throw new Error(`No handler for ${channel}`);
        return handler(input);
      };
    },
  });
}
