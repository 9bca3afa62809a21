import { describe, expect, it } from 'vitest';
import { PayoutProviderError } from '../../src/payouts/rails/payout_provider.js';
import { classifyStripeError } from '../../src/payouts/rails/stripe_errors.js';

describe('Stripe error classification', () => {
  it.each([
    [
      { type: 'StripeConnectionError', message: 'Request aborted due to timeout being reached (300ms)' },
      'timeout',
      true,
      'unknown',
    ],
    [{ type: 'StripeConnectionError', message: 'ECONNRESET' }, 'network', true, 'unknown'],
    [{ type: 'StripeAPIError', statusCode: 500 }, 'server_error', true, 'unknown'],
    [{ type: 'StripeAPIError', statusCode: 503 }, 'server_error', true, 'unknown'],
    [
      { type: 'StripeAPIError', statusCode: 409, code: 'idempotency_key_in_use' },
      'request_in_progress',
      true,
      'unknown',
    ],
    [
      { type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit' },
      'rate_limited',
      true,
      'not_applied',
    ],
    [
      { type: 'StripeRateLimitError', statusCode: 429, code: 'lock_timeout' },
      'lock_timeout',
      true,
      'not_applied',
    ],
    [
      { type: 'StripeInvalidRequestError', statusCode: 400, code: 'balance_insufficient' },
      'insufficient_funds',
      false,
      'not_applied',
    ],
    [
      { type: 'StripeInvalidRequestError', statusCode: 400, code: 'insufficient_capabilities_for_transfer' },
      'account_not_ready',
      false,
      'not_applied',
    ],
    [
      { type: 'StripePermissionError', statusCode: 403, code: 'account_invalid' },
      'account_not_ready',
      false,
      'not_applied',
    ],
    [{ type: 'StripeIdempotencyError', statusCode: 400 }, 'invalid_request', false, 'not_applied'],
    [
      { type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_missing' },
      'invalid_request',
      false,
      'not_applied',
    ],
    [{ type: 'StripeAuthenticationError', statusCode: 401 }, 'authentication', false, 'not_applied'],
  ] as [Record<string, unknown>, string, boolean, string][])(
    '%o → %s',
    (shape, reason, retryable, outcome) => {
      const error = classifyStripeError(Object.assign(new Error(String(shape['message'] ?? '')), shape));
      expect(error).toBeInstanceOf(PayoutProviderError);
      expect(error).toMatchObject({ reason, retryable, outcome });
    },
  );

  it('keeps the provider code and status for the run’s records', () => {
    const error = classifyStripeError({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'balance_insufficient',
      message: 'no funds',
    });
    expect(error).toMatchObject({
      providerCode: 'balance_insufficient',
      statusCode: 400,
      message: 'Stripe: no funds',
    });
  });
});
