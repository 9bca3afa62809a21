import type { Context } from '../app/context.js';
import { loadAffiliateEmail } from '../partners/storage/affiliates.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { PayoutProviderError } from './rails/payout_provider.js';
import { payoutProviderFromConfig } from './rails/provider_from_config.js';
import { ensurePayoutAccount, type PayoutAccount } from './storage/payout_accounts.js';

export interface ConnectPayoutAccountInput {
  affiliateId: string;
  country?: string | undefined;
  refreshUrl?: string | undefined;
  returnUrl?: string | undefined;
}

export interface ConnectedPayoutAccount {
  account: PayoutAccount;
  onboardingUrl: string;
  onboardingExpiresAt: Date;
}

/**
 * Creates the affiliate's Stripe Express account (once: the rail's idempotency key and the
 * table's primary key both name the affiliate) and a fresh single-use onboarding link.
 */
export async function connectPayoutAccount(
  context: Context,
  input: ConnectPayoutAccountInput,
  provider: PayoutProvider | null = payoutProviderFromConfig(context.config),
): Promise<ConnectedPayoutAccount> {
  if (!provider) {
    throw new AppError(
      'conflict',
      'Stripe is not configured (STRIPE_SECRET_KEY): payouts are exported as CSV and need no account',
    );
  }
  const email = await loadAffiliateEmail(context.db, input.affiliateId);
  if (email === null) throw notFound('affiliate', input.affiliateId);
  const base = context.config.publicUrl ?? `http://localhost:${context.config.port}`;
  try {
    const { accountId } = await provider.createConnectedAccount({
      affiliateId: input.affiliateId,
      email,
      ...(input.country ? { country: input.country } : {}),
    });
    const account = await ensurePayoutAccount(context.db, {
      affiliateId: input.affiliateId,
      accountId,
      now: context.clock.now(),
    });
    const link = await provider.createOnboardingLink({
      accountId: account.accountId,
      refreshUrl: input.refreshUrl ?? `${base}/dashboard/payout-account?refresh=1`,
      returnUrl: input.returnUrl ?? `${base}/dashboard/payout-account`,
    });
    return { account, onboardingUrl: link.url, onboardingExpiresAt: link.expiresAt };
  } catch (error) {
    throw providerRefusal(error);
  }
}

/** A rail failure as a client-facing error: retry later (503) or fix the request (409). */
export function providerRefusal(error: unknown): unknown {
  if (!(error instanceof PayoutProviderError)) return error;
  if (error.retryable || error.reason === 'authentication') {
    return new AppError(
      'payout_provider_unavailable',
      `the payout provider did not answer: ${error.reason}; try again`,
    );
  }
  return new AppError('conflict', `the payout provider refused: ${error.message}`);
}
