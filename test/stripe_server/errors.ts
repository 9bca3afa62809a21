/** Stripe's error bodies `{error: {type, code, message, param}}` with the statuses Stripe uses. */

export interface StripeErrorFields {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  code?: string;
  message: string;
  param?: string;
}

export class StripeHttpError extends Error {
  readonly status: number;
  readonly fields: StripeErrorFields;
  /**
   * Whether Stripe's idempotency layer saves this answer: true once the endpoint began
   * executing (e.g. insufficient funds), false for authentication, rate limits and invalid
   * parameters, which are rejected before it.
   */
  readonly saved: boolean;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    fields: StripeErrorFields,
    options: { saved?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(fields.message);
    this.status = status;
    this.fields = fields;
    this.saved = options.saved ?? false;
    this.headers = options.headers ?? {};
  }

  body(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.fields.type, message: this.fields.message };
    if (this.fields.code) {
      error['code'] = this.fields.code;
      error['doc_url'] = `https://stripe.com/docs/error-codes/${this.fields.code.replaceAll('_', '-')}`;
    }
    if (this.fields.param) error['param'] = this.fields.param;
    return { error };
  }
}

const invalid = 'invalid_request_error' as const;

export const stripeErrors = {
  missingApiKey: () =>
    new StripeHttpError(401, {
      type: invalid,
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    }),
  invalidApiKey: (key: string) =>
    new StripeHttpError(401, {
      type: invalid,
      message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
    }),
  unrecognizedUrl: (method: string, path: string) =>
    new StripeHttpError(404, {
      type: invalid,
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    }),
  resourceMissing: (what: string, id: string, param = 'id') =>
    // A missing object in the path is a 404; one named by a parameter is a 400, as Stripe answers.
    new StripeHttpError(param === 'id' ? 404 : 400, {
      type: invalid,
      code: 'resource_missing',
      param,
      message: `No such ${what}: '${id}'`,
    }),
  accountInvalid: (id: string) =>
    new StripeHttpError(403, {
      type: invalid,
      code: 'account_invalid',
      message: `The provided key does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
    }),
  parameterMissing: (param: string) =>
    new StripeHttpError(400, {
      type: invalid,
      code: 'parameter_missing',
      param,
      message: `Missing required param: ${param}.`,
    }),
  parameterUnknown: (param: string) =>
    new StripeHttpError(400, {
      type: invalid,
      code: 'parameter_unknown',
      param,
      message: `Received unknown parameter: ${param}`,
    }),
  parameterInvalidInteger: (param: string) =>
    new StripeHttpError(400, {
      type: invalid,
      code: 'parameter_invalid_integer',
      param,
      message: `Invalid positive integer`,
    }),
  invalidParameter: (param: string, message: string) =>
    new StripeHttpError(400, { type: invalid, code: 'parameter_invalid_string', param, message }),
  balanceInsufficient: () =>
    new StripeHttpError(
      400,
      {
        type: invalid,
        code: 'balance_insufficient',
        message:
          'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.',
      },
      { saved: true },
    ),
  insufficientCapabilities: () =>
    new StripeHttpError(
      400,
      {
        type: invalid,
        code: 'insufficient_capabilities_for_transfer',
        param: 'destination',
        message:
          'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      },
      { saved: true },
    ),
  idempotencyKeyTooLong: () =>
    new StripeHttpError(400, {
      type: invalid,
      message: 'Idempotency-Key must be at most 255 characters long.',
    }),
  idempotencyMismatch: (key: string) =>
    new StripeHttpError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  idempotencyKeyInUse: (key: string) =>
    new StripeHttpError(
      409,
      {
        type: invalid,
        code: 'idempotency_key_in_use',
        message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      },
      { headers: { 'Stripe-Should-Retry': 'true' } },
    ),
  rateLimit: () =>
    new StripeHttpError(429, {
      type: invalid,
      code: 'rate_limit',
      message:
        'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    }),
  lockTimeout: () =>
    new StripeHttpError(
      429,
      {
        type: invalid,
        code: 'lock_timeout',
        message:
          'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.',
      },
      { headers: { 'Stripe-Should-Retry': 'true' } },
    ),
  /** A 500 whose answer Stripe saves: a retry with the same key replays it, so the SDK is told not to. */
  apiErrorSaved: () =>
    new StripeHttpError(
      500,
      { type: 'api_error', message: 'An unknown error occurred' },
      { saved: true, headers: { 'Stripe-Should-Retry': 'false' } },
    ),
  apiErrorUnsaved: () =>
    new StripeHttpError(500, { type: 'api_error', message: 'An unknown error occurred' }),
};
