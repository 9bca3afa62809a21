import type { Config } from '../../platform/config.js';
import type { PayoutProvider } from './payout_provider.js';
import { StripePayoutProvider } from './stripe_provider.js';

/** The Stripe rail when `STRIPE_SECRET_KEY` is set; null means payouts go through the CSV rail. */
export function payoutProviderFromConfig(config: Config): PayoutProvider | null {
  if (!config.stripeSecretKey) return null;
  return new StripePayoutProvider({ secretKey: config.stripeSecretKey, apiBase: config.stripeApiBase });
}
