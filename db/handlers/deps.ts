/** What the handler table needs from its host. The Electron shell, the CLI and the tests each supply these. */
import type { RegisterSession } from '../session.ts';
import type { FileAccess } from '../files/grants.ts';
import type { WorkRunner } from '../work/runner.ts';
import type { TeamSync } from '../team/service.ts';
import type { TeamLoopState } from '../../shared/contract/team.ts';

export interface Dialogs {
  /** Ask where to save a new register; null when the user cancels. */
  chooseNewRegisterPath(): Promise<string | null>;
  /** Ask which register file to open; null when the user cancels. */
  chooseRegisterToOpen(): Promise<string | null>;
  /** Ask which CSV or XLSX file to import; null when the user cancels. */
  chooseImportFile(): Promise<string | null>;
  /** Ask where to save an export (suggesting `defaultName`); null when the user cancels. */
  chooseExportPath(defaultName: string, format: 'xlsx' | 'csv' | 'pdf' | 'png'): Promise<string | null>;
  /** Ask where to save a backup of the open register (suggesting `defaultName`); null when the user cancels. */
  chooseBackupPath(defaultName: string): Promise<string | null>;
}

/**
 * Print a route of the app's own renderer (`#/print/board-pack?…`) to PDF: A4 landscape, backgrounds kept,
 * `footer` with page numbers at the foot of every page. The Electron shell uses a hidden window's
 * printToPDF, the CLI and the tests Chromium's page.pdf().
 */
export type RenderPdf = (route: string, options: { footer: string }) => Promise<Uint8Array>;

/** The person using the app on this computer: the OS account, and a display name kept in preferences. */
export interface IdentityStore {
  osUser: string;
  displayName(): string | null;
  setDisplayName(name: string | null): void;
}

export interface HandlerDeps {
  session: RegisterSession;
  /** The clock (tests pass a fixed one). */
  now: () => Date;
  /** Who history records as making a change: the display name from preferences, else the OS user. */
  user: () => string;
  /** Where the display name is kept (the shell's preferences); absent in the CLI, which takes --by. */
  identity?: IdentityStore;
  dialogs: Dialogs;
  /**
   * Turns the file references channels carry into paths: grants the host issued (the app, the browser host),
   * or the paths themselves (the CLI). Paths the dialogs return are granted here before they reach a window.
   */
  files: FileAccess;
  /** Told after a register is opened, created or changed, so other windows can refresh. */
  onRegisterChanged?: () => void;
  /** Told which register is open, so the shell can remember it for next launch. */
  onRegisterOpened?: (path: string) => void;
  /** Draws the PDF board pack; without it, `export:summary` refuses format pdf with a clear message. */
  renderPdf?: RenderPdf;
  /**
   * Runs heavy work (import reading and checking, export files, backups) off the thread that serves the window
   * (db/work/runner.ts). Without it the same work runs in the calling thread.
   */
  work?: WorkRunner;
  /**
   * Runs team sync rounds and resolves conflicts over PostgreSQL (db/team/service.ts), owned by the main process
   * with the server password. Without it `sync:now` and `conflicts:resolve` refuse with what to do instead.
   */
  teamSync?: TeamSync;
  /**
   * The shell's side of the team register (the Electron main process): keeps the team password with the OS key
   * store and runs the sync loop. Without it `team:save-password` refuses and `team:sync-state` answers null.
   */
  teamShell?: TeamShell;
}

/** What the main process offers the handler table for a team replica (electron/team-sync.ts). */
export interface TeamShell {
  /** Keep the password for user@server encrypted on this computer; throws an AppError when it cannot. */
  savePassword(server: string, user: string, password: string): void;
  /** The sync loop's state now. */
  syncState(): TeamLoopState;
  /** Start a round now (in the background; its outcome reaches the window as `team-sync-state`). */
  syncSoon(): void;
}

export const noDialogs: Dialogs = {
  chooseNewRegisterPath: () => Promise.resolve(null),
  chooseRegisterToOpen: () => Promise.resolve(null),
  chooseImportFile: () => Promise.resolve(null),
  chooseExportPath: () => Promise.resolve(null),
  chooseBackupPath: () => Promise.resolve(null),
};
