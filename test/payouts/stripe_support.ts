import { StripePayoutProvider } from '../../src/payouts/rails/stripe_provider.js';
import type { StripeTestServer } from '../stripe_server/server.js';

/** A provider pointed at the test server; no SDK retries unless asked, so each fault is seen. */
export function providerFor(
  server: StripeTestServer,
  options: { maxNetworkRetries?: number; timeoutMs?: number; secretKey?: string } = {},
): StripePayoutProvider {
  return new StripePayoutProvider({
    secretKey: options.secretKey ?? server.apiKey,
    apiBase: server.url,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
}

let affiliateSequence = 0;

/** An Express account that finished onboarding, ready to receive transfers. */
export async function readyAccount(
  server: StripeTestServer,
  provider: StripePayoutProvider,
): Promise<string> {
  affiliateSequence += 1;
  const { accountId } = await provider.createConnectedAccount({
    affiliateId: `aff_${process.pid}_${affiliateSequence}`,
    email: `dev${affiliateSequence}@example.com`,
  });
  server.onboard(accountId);
  return accountId;
}

export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
