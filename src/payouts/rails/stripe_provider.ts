import Stripe from 'stripe';
import type {
  AccountStatus,
  CapabilityStatus,
  ConnectedAccount,
  CreateConnectedAccountInput,
  FindTransferInput,
  OnboardingLink,
  OnboardingLinkInput,
  PayoutProvider,
  ReverseTransferInput,
  SendTransferInput,
  SentTransfer,
  Transfer,
  TransferReversal,
} from './payout_provider.js';
import { PayoutProviderError } from './payout_provider.js';
import { classifyStripeError } from './stripe_errors.js';

export interface StripeProviderOptions {
  secretKey: string;
  /** Another Stripe-compatible host (tests), e.g. `http://127.0.0.1:4010`; api.stripe.com when absent. */
  apiBase?: string | undefined;
  /**
   * Retries the SDK makes itself, with backoff from 0.5 s. Default 2: every POST this provider
   * sends carries a deterministic idempotency key, so a retry can only replay, never duplicate;
   * two retries ride out a dropped connection or a lock timeout inside one call while keeping a
   * payout run's worst case per call bounded (3 × timeout + a few seconds). Anything longer is
   * the payout run's business: it retries the same payout id on its next pass.
   */
  maxNetworkRetries?: number;
  /**
   * Per-attempt timeout. Default 20 s instead of the SDK's 80 s: a transfer normally answers in
   * well under 2 s, and a hung call is safe to abandon because the retry uses the same key.
   */
  timeoutMs?: number;
}

export const stripeMaxNetworkRetriesDefault = 2;
export const stripeTimeoutMsDefault = 20_000;
/** Bound on the fallback scan of a destination's transfers when looking a payout up. */
export const transferScanItemsMax = 1_000;
export const stripeDefaultCountry = 'US';

/** `STRIPE_API_BASE` → the SDK's host, port and protocol options. */
export function stripeHostOptions(apiBase: string): {
  host: string;
  port: number;
  protocol: 'http' | 'https';
} {
  const url = new URL(apiBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error('STRIPE_API_BASE must be a bare origin: the SDK adds /v1/… itself');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

export function createStripeClient(options: StripeProviderOptions): Stripe {
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? stripeMaxNetworkRetriesDefault,
    timeout: options.timeoutMs ?? stripeTimeoutMsDefault,
    telemetry: false,
    ...(options.apiBase ? stripeHostOptions(options.apiBase) : {}),
  });
}

function capabilityStatus(value: string | undefined): CapabilityStatus {
  return value === 'active' || value === 'inactive' || value === 'pending' ? value : 'unrequested';
}

function toTransfer(transfer: Stripe.Transfer): Transfer {
  const destination = transfer.destination;
  return {
    transferId: transfer.id,
    payoutId: transfer.metadata?.['payoutId'] ?? '',
    destinationAccountId: typeof destination === 'string' ? destination : (destination?.id ?? ''),
    amountCents: transfer.amount,
    amountReversedCents: transfer.amount_reversed,
    currency: transfer.currency,
    createdAt: new Date(transfer.created * 1000),
  };
}

/** Stripe Connect (Express accounts, platform transfers) through the official SDK. */
export class StripePayoutProvider implements PayoutProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(options: StripeProviderOptions) {
    this.stripe = createStripeClient(options);
  }

  async createConnectedAccount(input: CreateConnectedAccountInput): Promise<ConnectedAccount> {
    try {
      const account = await this.stripe.accounts.create(
        {
          type: 'express',
          country: input.country ?? stripeDefaultCountry,
          email: input.email,
          capabilities: { transfers: { requested: true } },
          metadata: { affiliateId: input.affiliateId },
        },
        // One account per affiliate even when the first answer was lost.
        { idempotencyKey: `account-${input.affiliateId}` },
      );
      return { accountId: account.id };
    } catch (error) {
      throw classifyStripeError(error);
    }
  }

  async createOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink> {
    try {
      const link = await this.stripe.accountLinks.create({
        account: input.accountId,
        refresh_url: input.refreshUrl,
        return_url: input.returnUrl,
        type: 'account_onboarding',
      });
      return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
    } catch (error) {
      throw classifyStripeError(error);
    }
  }

  async getAccountStatus(accountId: string): Promise<AccountStatus> {
    try {
      const account = await this.stripe.accounts.retrieve(accountId);
      const transfersCapability = capabilityStatus(account.capabilities?.transfers);
      const payoutsEnabled = account.payouts_enabled === true;
      return {
        accountId: account.id,
        ready: payoutsEnabled && transfersCapability === 'active',
        payoutsEnabled,
        transfersCapability,
        detailsSubmitted: account.details_submitted === true,
        requirementsDue: [...(account.requirements?.currently_due ?? [])],
      };
    } catch (error) {
      throw classifyStripeError(error);
    }
  }

  async sendTransfer(input: SendTransferInput): Promise<SentTransfer> {
    assertTransferInput(input);
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount: input.amountCents,
          currency: input.currency,
          destination: input.destinationAccountId,
          transfer_group: input.payoutId,
          metadata: { payoutId: input.payoutId },
        },
        { idempotencyKey: input.payoutId },
      );
      return { ...toTransfer(transfer), recovered: false };
    } catch (error) {
      const failure = classifyStripeError(error);
      if (failure.outcome !== 'unknown') throw failure;
      // Stripe replays a saved 500 for the same key, so a retry alone may never tell; the
      // transfer itself is the truth.
      const found = await this.findTransferByPayoutId(input).catch(() => null);
      if (found === null) throw failure;
      if (found.amountCents !== input.amountCents || found.currency !== input.currency) {
        throw new PayoutProviderError(
          'invalid_request',
          `Transfer ${found.transferId} for payout ${input.payoutId} is ${found.amountCents} ${found.currency}, not ${input.amountCents} ${input.currency}`,
        );
      }
      return { ...found, recovered: true };
    }
  }

  async findTransferByPayoutId(input: FindTransferInput): Promise<Transfer | null> {
    try {
      // The payout id is the transfer group, an exact list filter; metadata confirms it.
      const grouped = await this.stripe.transfers.list({ transfer_group: input.payoutId, limit: 10 });
      const match = grouped.data.find((transfer) => transfer.metadata?.['payoutId'] === input.payoutId);
      if (match) return toTransfer(match);
      let scanned = 0;
      for await (const transfer of this.stripe.transfers.list({
        destination: input.destinationAccountId,
        limit: 100,
      })) {
        if (transfer.metadata?.['payoutId'] === input.payoutId) return toTransfer(transfer);
        scanned += 1;
        if (scanned >= transferScanItemsMax) break;
      }
      return null;
    } catch (error) {
      throw classifyStripeError(error);
    }
  }

  async reverseTransfer(input: ReverseTransferInput): Promise<TransferReversal> {
    try {
      const reversal = await this.stripe.transfers.createReversal(
        input.transferId,
        {
          ...(input.amountCents === undefined ? {} : { amount: input.amountCents }),
          metadata: { reversalId: input.reversalId },
        },
        { idempotencyKey: `reversal-${input.reversalId}` },
      );
      return {
        reversalId: reversal.id,
        transferId: input.transferId,
        amountCents: reversal.amount,
        currency: reversal.currency,
      };
    } catch (error) {
      throw classifyStripeError(error);
    }
  }
}

function assertTransferInput(input: SendTransferInput): void {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new PayoutProviderError(
      'invalid_request',
      `amountCents must be a positive integer, got ${input.amountCents}`,
    );
  }
  if (!/^[a-z]{3}$/.test(input.currency)) {
    throw new PayoutProviderError(
      'invalid_request',
      `currency must be lower-case ISO 4217, got ${input.currency}`,
    );
  }
  if (input.payoutId === '' || input.payoutId.length > 255) {
    throw new PayoutProviderError(
      'invalid_request',
      'payoutId must be 1 to 255 characters (a Stripe idempotency key)',
    );
  }
}
