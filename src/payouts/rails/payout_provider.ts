/**
 * What a payout run needs from a payment rail (SPEC §6). The run owns the money rules and the
 * ledger; a provider only moves money and answers what it knows. Every call that moves money is
 * idempotent by the payout id, so a run that crashed at any point can ask again without paying
 * twice.
 */

export interface CreateConnectedAccountInput {
  affiliateId: string;
  email: string;
  /** ISO 3166-1 alpha-2; the rail's default when absent. */
  country?: string;
}

export interface ConnectedAccount {
  accountId: string;
}

export interface OnboardingLinkInput {
  accountId: string;
  /** Where the rail sends the affiliate when the link expired or was used already. */
  refreshUrl: string;
  /** Where the rail sends the affiliate when onboarding ends (finished or not). */
  returnUrl: string;
}

export interface OnboardingLink {
  url: string;
  expiresAt: Date;
}

export type CapabilityStatus = 'active' | 'inactive' | 'pending' | 'unrequested';

export interface AccountStatus {
  accountId: string;
  /** Transfers may be sent and paid out: payouts enabled and the transfers capability active. */
  ready: boolean;
  payoutsEnabled: boolean;
  transfersCapability: CapabilityStatus;
  detailsSubmitted: boolean;
  /** What the affiliate still has to provide, as the rail names it. */
  requirementsDue: string[];
}

export interface SendTransferInput {
  /** The idempotency key and the id the transfer is found by after a crash. */
  payoutId: string;
  destinationAccountId: string;
  amountCents: number;
  /** Lower-case ISO 4217, e.g. `usd`. */
  currency: string;
}

export interface Transfer {
  transferId: string;
  payoutId: string;
  destinationAccountId: string;
  amountCents: number;
  amountReversedCents: number;
  currency: string;
  createdAt: Date;
}

export interface SentTransfer extends Transfer {
  /**
   * True when the rail's answer was lost (server error or timeout) and the transfer was found
   * by its payout id instead: it exists, exactly once.
   */
  recovered: boolean;
}

export interface FindTransferInput {
  payoutId: string;
  /** Narrows the search when the payout id index misses; the payout always knows it. */
  destinationAccountId: string;
}

export interface ReverseTransferInput {
  transferId: string;
  /** Idempotency key of the reversal, e.g. the id of the ledger correction it belongs to. */
  reversalId: string;
  /** The whole remaining amount when absent. */
  amountCents?: number;
}

export interface TransferReversal {
  reversalId: string;
  transferId: string;
  amountCents: number;
  currency: string;
}

export interface PayoutProvider {
  readonly name: string;
  createConnectedAccount(input: CreateConnectedAccountInput): Promise<ConnectedAccount>;
  createOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink>;
  getAccountStatus(accountId: string): Promise<AccountStatus>;
  /**
   * Sends one transfer for one payout. Calling it again with the same payout id and the same
   * amount never pays twice. Throws `PayoutProviderError`: retryable means "call again with the
   * same payout id later"; permanent means no money moved, and the payout id is spent (the rail
   * remembers the failure under that key), so a later attempt needs a new payout.
   */
  sendTransfer(input: SendTransferInput): Promise<SentTransfer>;
  /** The transfer made for a payout, or null when the rail has none (crash recovery). */
  findTransferByPayoutId(input: FindTransferInput): Promise<Transfer | null>;
  reverseTransfer(input: ReverseTransferInput): Promise<TransferReversal>;
}

export const retryableReasons = [
  'network',
  'timeout',
  'server_error',
  'rate_limited',
  'lock_timeout',
  'request_in_progress',
] as const;
export const permanentReasons = [
  'insufficient_funds',
  'account_not_ready',
  'invalid_request',
  'authentication',
] as const;

export type RetryableReason = (typeof retryableReasons)[number];
export type PermanentReason = (typeof permanentReasons)[number];
export type PayoutFailureReason = RetryableReason | PermanentReason;

/**
 * Whether the rail may have acted. `not_applied`: it certainly did not (rate limited before
 * its idempotency layer, or refused). `unknown`: the request may have taken effect; only a
 * retry with the same key or a lookup by payout id can tell.
 */
export type PayoutOutcome = 'not_applied' | 'unknown';

const outcomeByReason: Record<PayoutFailureReason, PayoutOutcome> = {
  network: 'unknown',
  timeout: 'unknown',
  server_error: 'unknown',
  request_in_progress: 'unknown',
  rate_limited: 'not_applied',
  lock_timeout: 'not_applied',
  insufficient_funds: 'not_applied',
  account_not_ready: 'not_applied',
  invalid_request: 'not_applied',
  authentication: 'not_applied',
};

export class PayoutProviderError extends Error {
  readonly reason: PayoutFailureReason;
  readonly retryable: boolean;
  readonly outcome: PayoutOutcome;
  /** The rail's own error code when it gave one, e.g. `balance_insufficient`. */
  readonly providerCode: string | undefined;
  readonly statusCode: number | undefined;

  constructor(
    reason: PayoutFailureReason,
    message: string,
    options: { providerCode?: string | undefined; statusCode?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PayoutProviderError';
    this.reason = reason;
    this.retryable = (retryableReasons as readonly string[]).includes(reason);
    this.outcome = outcomeByReason[reason];
    this.providerCode = options.providerCode;
    this.statusCode = options.statusCode;
  }
}
