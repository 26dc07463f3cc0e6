import type { ZodError } from 'zod';
import type { ErrorCode } from '../../shared/i18n/errors.js';

/** An error a client can show: status, a stable code and the parameters of its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

export const forbidden = () => new ApiError(403, 'forbidden');
export const notFound = () => new ApiError(404, 'not_found');

export function validationError(err: ZodError): ApiError {
  const detail = err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return new ApiError(400, 'validation_failed', { detail }, err.issues.map((i) => ({ path: i.path, code: i.code })));
}
