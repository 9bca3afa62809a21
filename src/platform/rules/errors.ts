/**
 * The one catalogue of error codes a client can see. Each code has a fixed HTTP status and a
 * title; `AppError` carries a code, a message a user can act on, and the field path at fault.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This key may not do that' },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such endpoint' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflicts with the current state' },
  idempotency_conflict: { status: 409, title: 'The same id was used with different content' },
  clock_not_simulated: { status: 404, title: 'The clock is not simulated' },
  clock_backwards: { status: 409, title: 'The simulated clock only moves forward' },
  signature_invalid: { status: 400, title: 'The signature is missing, wrong or stale' },
  rate_limited: { status: 429, title: 'Too many requests' },
  payout_provider_unavailable: { status: 503, title: 'The payout provider could not be reached' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Field path of what was wrong, e.g. `events.3.occurredAt`; absent when the whole request is at fault. */
  readonly path: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { path?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.path = options.path;
    this.details = options.details;
  }
}

export function notFound(what: string, id: string, path?: string): AppError {
  return new AppError('not_found', `${what} ${id} does not exist`, path === undefined ? {} : { path });
}
