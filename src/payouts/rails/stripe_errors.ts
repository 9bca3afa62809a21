import { type PayoutFailureReason, PayoutProviderError } from './payout_provider.js';

/** The fields of a `stripe` SDK error this module reads; matched by shape, not by class. */
interface StripeErrorShape {
  type?: unknown;
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/** Stripe error codes that say the destination account cannot receive money yet. */
const accountNotReadyCodes = new Set([
  'insufficient_capabilities_for_transfer',
  'account_invalid',
  'account_closed',
  'payouts_not_allowed',
  'transfers_not_allowed',
]);

const insufficientFundsCodes = new Set(['balance_insufficient', 'insufficient_funds']);

function reasonOf(error: StripeErrorShape): PayoutFailureReason {
  const type = typeof error.type === 'string' ? error.type : '';
  const statusCode = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';

  if (type === 'StripeConnectionError') return /timeout/i.test(message) ? 'timeout' : 'network';
  if (code === 'lock_timeout') return 'lock_timeout';
  if (statusCode === 429 || type === 'StripeRateLimitError' || code === 'rate_limit') return 'rate_limited';
  if (code === 'idempotency_key_in_use' || statusCode === 409) return 'request_in_progress';
  if (statusCode !== undefined && statusCode >= 500) return 'server_error';
  if (type === 'StripeAPIError' && statusCode === undefined) return 'server_error';
  if (insufficientFundsCodes.has(code)) return 'insufficient_funds';
  if (accountNotReadyCodes.has(code)) return 'account_not_ready';
  if (statusCode === 401 || statusCode === 403) return 'authentication';
  return 'invalid_request';
}

/**
 * Turns whatever the SDK threw into a `PayoutProviderError`. Network failures, timeouts, 5xx,
 * 409 (the same key still in flight), 429 and lock timeouts are retryable; funds, account
 * state and request errors are permanent.
 */
export function classifyStripeError(error: unknown): PayoutProviderError {
  if (error instanceof PayoutProviderError) return error;
  if (typeof error !== 'object' || error === null) {
    return new PayoutProviderError('network', `Stripe call failed: ${String(error)}`, { cause: error });
  }
  const shape = error as StripeErrorShape;
  const reason = reasonOf(shape);
  const message = typeof shape.message === 'string' && shape.message !== '' ? shape.message : reason;
  return new PayoutProviderError(reason, `Stripe: ${message}`, {
    providerCode: typeof shape.code === 'string' ? shape.code : undefined,
    statusCode: typeof shape.statusCode === 'number' ? shape.statusCode : undefined,
    cause: error,
  });
}
