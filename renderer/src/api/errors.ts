import { ApiErrorBody } from '../../../shared/api/common.js';
import type { Translate } from '../i18n/translate.js';

/** Errors the client itself detects (the hub cannot send these). */
export type ClientErrorCode = 'hub_unreachable' | 'bad_response' | 'session_ended';

/**
 * One error type for everything a hub call can meet. `hubMessage` is the hub's own message,
 * already in the language sent as Accept-Language; when there is none the UI localises `code`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly hubMessage: string | null,
    options?: { cause?: unknown },
  ) {
    super(hubMessage ?? code, options);
    this.name = 'ApiError';
  }

  get isClientSide(): boolean {
    return this.status === 0;
  }
}

export function clientError(code: ClientErrorCode, cause?: unknown): ApiError {
  return new ApiError(0, code, null, { cause });
}

/** Builds the error for a non-2xx hub response from its body (`{error:{code,message}}` or not). */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ApiErrorBody.safeParse(body);
  if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message || null);
  // A proxy or a crashed hub may answer with HTML or nothing: keep the status for the message.
  return new ApiError(status, 'http', null);
}

/** The sentence to show the user for any error thrown by a hub call. */
export function describeError(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.hubMessage) return err.hubMessage;
    switch (err.code) {
      case 'hub_unreachable':
      case 'bad_response':
      case 'session_ended':
        return t(`error.${err.code}`);
      default:
        return t('error.http', { status: err.status });
    }
  }
  return t('error.unknown');
}

/** Codes after which the stored sign-in is worthless and the user must sign in again. */
export const SESSION_ENDING_CODES: ReadonlySet<string> = new Set([
  'unauthenticated',
  'token_invalid',
  'token_expired',
  'session_revoked',
  'refresh_invalid',
  'refresh_reused',
  'account_disabled',
  'session_ended',
]);

export function endsSession(err: unknown): boolean {
  return err instanceof ApiError && SESSION_ENDING_CODES.has(err.code);
}
