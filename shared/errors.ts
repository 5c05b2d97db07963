/** Errors that cross the IPC boundary as `{ code, message, details }`. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'NO_REGISTER'
  | 'NOT_A_REGISTER'
  | 'FUTURE_VERSION'
  | 'READ_ONLY'
  | 'CANCELLED'
  | 'IO'
  | 'FORBIDDEN'
  | 'INTERNAL'
  /** Another window or program held the register's write lock for longer than the busy timeout. */
  | 'BUSY'
  /** The register file failed its checks on open (or SQLite found it corrupt): moved aside, backup offered. */
  | 'DAMAGED'
  /** SQLITE_FULL or ENOSPC: the disk holding the register is full. */
  | 'DISK_FULL'
  /** The operating system refused access to the file or its folder (EACCES / EPERM). */
  | 'PERMISSION_DENIED';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toJSON(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
