/** A refusal from the handler table, turned back into something the renderer can throw and catch. */
import type { ErrorCode, ErrorInfo } from '../../shared/errors.ts';
import type { RiskRecord } from '../../shared/domain.ts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.details = info.details;
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** The fresh risk a CONFLICT error carries in `details.current`, if any. */
export function conflictCurrent(e: ApiError): RiskRecord | null {
  const d = e.details as { current?: RiskRecord } | undefined;
  return d?.current && typeof d.current === 'object' ? d.current : null;
}

/** A message for anything thrown: the handler's sentence, or a plain one for a broken bridge. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return `Something went wrong: ${String(e)}`;
}
