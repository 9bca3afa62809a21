import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PayoutProviderError } from '../../src/payouts/rails/payout_provider.js';
import type { StripePayoutProvider } from '../../src/payouts/rails/stripe_provider.js';
import {
  availableBalanceCentsDefault,
  type StripeTestServer,
  startStripeTestServer,
} from '../stripe_server/server.js';
import { failureOf, providerFor, readyAccount } from './stripe_support.js';

describe('Stripe provider: transfers', () => {
  let server: StripeTestServer;
  let provider: StripePayoutProvider;
  let accountId: string;
  let payoutSequence = 0;
  const nextPayoutId = () => `pay_test_${++payoutSequence}`;
  const transfersFor = (payoutId: string) =>
    server.state.transfers.filter(
      (transfer) => (transfer['metadata'] as Record<string, string>)['payoutId'] === payoutId,
    );

  beforeAll(async () => {
    server = await startStripeTestServer();
    provider = providerFor(server);
    accountId = await readyAccount(server, provider);
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.state.availableBalance.set('usd', availableBalanceCentsDefault);
  });

  it('sends one transfer keyed and tagged by the payout id', async () => {
    const payoutId = nextPayoutId();
    const sent = await provider.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_000,
      currency: 'usd',
    });
    expect(sent).toMatchObject({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_000,
      currency: 'usd',
      recovered: false,
    });
    const [stored] = transfersFor(payoutId);
    expect(stored).toMatchObject({ id: sent.transferId, transfer_group: payoutId, metadata: { payoutId } });
    expect(server.state.availableBalance.get('usd')).toBe(availableBalanceCentsDefault - 5_000);
  });

  it('pays once when the same payout is sent twice', async () => {
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 7_500, currency: 'usd' };
    const first = await provider.sendTransfer(input);
    const second = await provider.sendTransfer(input);
    expect(second.transferId).toBe(first.transferId);
    expect(transfersFor(payoutId)).toHaveLength(1);
    expect(server.state.availableBalance.get('usd')).toBe(availableBalanceCentsDefault - 7_500);
  });

  it('refuses the same payout id with another amount and moves no more money', async () => {
    const payoutId = nextPayoutId();
    await provider.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 6_000,
      currency: 'usd',
    });
    const error = await failureOf(
      provider.sendTransfer({
        payoutId,
        destinationAccountId: accountId,
        amountCents: 6_001,
        currency: 'usd',
      }),
    );
    expect(error).toBeInstanceOf(PayoutProviderError);
    expect(error).toMatchObject({ retryable: false, reason: 'invalid_request', statusCode: 400 });
    expect(transfersFor(payoutId)).toHaveLength(1);
    expect(server.state.availableBalance.get('usd')).toBe(availableBalanceCentsDefault - 6_000);
  });

  it('recovers a transfer whose answer was a 500 after Stripe committed it, and never sends a second', async () => {
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 5_100, currency: 'usd' };
    server.inject({ endpoint: 'transfers.create', kind: 'server_error_after_commit' });
    const first = await provider.sendTransfer(input);
    expect(first.recovered).toBe(true);
    // Stripe replays the saved 500 for the same key; the lookup still finds the one transfer.
    const retried = await provider.sendTransfer(input);
    expect(retried).toMatchObject({ transferId: first.transferId, recovered: true });
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('reports a 500 before Stripe acted as retryable, and the retry pays exactly once', async () => {
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 5_200, currency: 'usd' };
    server.inject({ endpoint: 'transfers.create', kind: 'server_error_before_commit' });
    const error = await failureOf(provider.sendTransfer(input));
    expect(error).toMatchObject({ retryable: true, reason: 'server_error', outcome: 'unknown' });
    expect(transfersFor(payoutId)).toHaveLength(0);
    const sent = await provider.sendTransfer(input);
    expect(sent.recovered).toBe(false);
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('lets the SDK retry a 500 itself with the same key', async () => {
    const retrying = providerFor(server, { maxNetworkRetries: 2 });
    const payoutId = nextPayoutId();
    server.inject({ endpoint: 'transfers.create', kind: 'server_error_before_commit' });
    const callsBefore = server.calls.get('transfers.create') ?? 0;
    const sent = await retrying.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_300,
      currency: 'usd',
    });
    expect(sent.recovered).toBe(false);
    expect(server.calls.get('transfers.create')! - callsBefore).toBe(2);
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('finds the transfer after a timeout when Stripe had committed it', async () => {
    const hasty = providerFor(server, { timeoutMs: 300 });
    const payoutId = nextPayoutId();
    server.inject({ endpoint: 'transfers.create', kind: 'timeout_after_commit' });
    const sent = await hasty.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_400,
      currency: 'usd',
    });
    expect(sent.recovered).toBe(true);
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('reports a timeout before Stripe acted as retryable, and the retry pays exactly once', async () => {
    const hasty = providerFor(server, { timeoutMs: 300 });
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 5_500, currency: 'usd' };
    server.inject({ endpoint: 'transfers.create', kind: 'timeout_before_commit' });
    const error = await failureOf(hasty.sendTransfer(input));
    expect(error).toMatchObject({ retryable: true, reason: 'timeout', outcome: 'unknown' });
    expect(transfersFor(payoutId)).toHaveLength(0);
    await hasty.sendTransfer(input);
    await hasty.sendTransfer(input);
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('gets the replayed transfer when the SDK retries after a timeout', async () => {
    const retrying = providerFor(server, { timeoutMs: 300, maxNetworkRetries: 1 });
    const payoutId = nextPayoutId();
    server.inject({ endpoint: 'transfers.create', kind: 'timeout_after_commit' });
    const sent = await retrying.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_600,
      currency: 'usd',
    });
    expect(sent.recovered).toBe(false);
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('finds a transfer by payout id after the local commit was lost', async () => {
    const payoutId = nextPayoutId();
    const sent = await provider.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 5_700,
      currency: 'usd',
    });
    const found = await provider.findTransferByPayoutId({ payoutId, destinationAccountId: accountId });
    expect(found).toMatchObject({ transferId: sent.transferId, payoutId, amountCents: 5_700 });
    expect(
      await provider.findTransferByPayoutId({ payoutId: 'pay_never_sent', destinationAccountId: accountId }),
    ).toBeNull();
  });

  it('finds a transfer by its metadata when it carries no transfer group', async () => {
    const stripe = new Stripe(server.apiKey, { ...hostOf(server.url), maxNetworkRetries: 0 });
    const payoutId = nextPayoutId();
    const made = await stripe.transfers.create({
      amount: 5_800,
      currency: 'usd',
      destination: accountId,
      metadata: { payoutId },
    });
    const found = await provider.findTransferByPayoutId({ payoutId, destinationAccountId: accountId });
    expect(found?.transferId).toBe(made.id);
  });

  it('classifies a rate limit and a lock timeout as retryable with nothing sent', async () => {
    for (const kind of ['rate_limit', 'lock_timeout'] as const) {
      const payoutId = nextPayoutId();
      server.inject({ endpoint: 'transfers.create', kind });
      const error = await failureOf(
        provider.sendTransfer({
          payoutId,
          destinationAccountId: accountId,
          amountCents: 5_000,
          currency: 'usd',
        }),
      );
      expect(error).toMatchObject({ retryable: true, outcome: 'not_applied', statusCode: 429 });
      expect((error as PayoutProviderError).reason).toBe(
        kind === 'rate_limit' ? 'rate_limited' : 'lock_timeout',
      );
      expect(transfersFor(payoutId)).toHaveLength(0);
    }
  });

  it('classifies insufficient platform funds as permanent, and the payout id stays spent', async () => {
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 9_000, currency: 'usd' };
    server.state.availableBalance.set('usd', 8_999);
    const error = await failureOf(provider.sendTransfer(input));
    expect(error).toMatchObject({
      retryable: false,
      reason: 'insufficient_funds',
      providerCode: 'balance_insufficient',
    });
    server.state.availableBalance.set('usd', availableBalanceCentsDefault);
    // Stripe saved the failure under the key: a later run must use a new payout id.
    const again = await failureOf(provider.sendTransfer(input));
    expect(again).toMatchObject({ reason: 'insufficient_funds' });
    expect(transfersFor(payoutId)).toHaveLength(0);
  });

  it('classifies an injected insufficient-funds answer as permanent', async () => {
    const payoutId = nextPayoutId();
    server.inject({ endpoint: 'transfers.create', kind: 'balance_insufficient' });
    const error = await failureOf(
      provider.sendTransfer({
        payoutId,
        destinationAccountId: accountId,
        amountCents: 5_000,
        currency: 'usd',
      }),
    );
    expect(error).toMatchObject({ retryable: false, reason: 'insufficient_funds', outcome: 'not_applied' });
  });

  it('classifies a transfer to an account that has not finished onboarding as permanent', async () => {
    const { accountId: pending } = await provider.createConnectedAccount({
      affiliateId: 'aff_pending',
      email: 'p@example.com',
    });
    const error = await failureOf(
      provider.sendTransfer({
        payoutId: nextPayoutId(),
        destinationAccountId: pending,
        amountCents: 5_000,
        currency: 'usd',
      }),
    );
    expect(error).toMatchObject({ retryable: false, reason: 'account_not_ready' });
  });

  it('lets one of two concurrent sends of the same payout win; the other is told to retry', async () => {
    const payoutId = nextPayoutId();
    const input = { payoutId, destinationAccountId: accountId, amountCents: 5_900, currency: 'usd' };
    server.inject({ endpoint: 'transfers.create', kind: 'delay', delayMs: 200 });
    const results = await Promise.allSettled([provider.sendTransfer(input), provider.sendTransfer(input)]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
      retryable: true,
      reason: 'request_in_progress',
      statusCode: 409,
    });
    expect(transfersFor(payoutId)).toHaveLength(1);
  });

  it('rejects a non-integer amount before calling Stripe', async () => {
    const error = await failureOf(
      provider.sendTransfer({
        payoutId: nextPayoutId(),
        destinationAccountId: accountId,
        amountCents: 50.5,
        currency: 'usd',
      }),
    );
    expect(error).toMatchObject({ retryable: false, reason: 'invalid_request' });
  });

  it('reverses a transfer in part and then in full, once per reversal id', async () => {
    const payoutId = nextPayoutId();
    const sent = await provider.sendTransfer({
      payoutId,
      destinationAccountId: accountId,
      amountCents: 10_000,
      currency: 'usd',
    });
    const balanceAfterSend = server.state.availableBalance.get('usd')!;
    const partial = await provider.reverseTransfer({
      transferId: sent.transferId,
      reversalId: 'corr_1',
      amountCents: 2_500,
    });
    const repeated = await provider.reverseTransfer({
      transferId: sent.transferId,
      reversalId: 'corr_1',
      amountCents: 2_500,
    });
    expect(repeated.reversalId).toBe(partial.reversalId);
    expect(partial).toMatchObject({ amountCents: 2_500, currency: 'usd', transferId: sent.transferId });
    const rest = await provider.reverseTransfer({ transferId: sent.transferId, reversalId: 'corr_2' });
    expect(rest.amountCents).toBe(7_500);
    const stored = server.state.transfer(sent.transferId)!;
    expect(stored).toMatchObject({ amount_reversed: 10_000, reversed: true });
    expect(server.state.availableBalance.get('usd')).toBe(balanceAfterSend + 10_000);
    const found = await provider.findTransferByPayoutId({ payoutId, destinationAccountId: accountId });
    expect(found?.amountReversedCents).toBe(10_000);
    const tooMuch = await failureOf(
      provider.reverseTransfer({ transferId: sent.transferId, reversalId: 'corr_3' }),
    );
    expect(tooMuch).toMatchObject({ retryable: false, reason: 'invalid_request' });
  });
});

function hostOf(url: string): { host: string; port: number; protocol: 'http' } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), protocol: 'http' };
}
