import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import { settlePayoutFailed } from '../../src/payouts/settle_payout.js';
import { loadPayout } from '../../src/payouts/storage/payouts.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate } from '../support/ledger_fixtures.js';
import { deliver, stripeEvent, testWebhookSecret } from '../support/stripe_events.js';
import {
  balancesOf,
  daysAfter,
  givenEligibleCents,
  givenReadyAccount,
  transfersByPayout,
} from './support.js';

interface ExceptionView {
  id: string;
  kind: string;
  state: string;
  affiliateId: string;
  payoutId: string;
  transferId: string;
  amountCents: number;
}

/**
 * Money anomalies (the rail moved money for a payout already failed here) become stored
 * exceptions an operator resolves; until then the affiliate is not paid again. The file keeps its
 * own app and Stripe server, since `/healthz` counts every open exception of the database.
 */
describe('operator exceptions for payouts the rail and the ledger disagree on', () => {
  let server: StripeTestServer;
  let t: TestApp;
  // The simulated clock starts at the wall-clock time, so Stripe events are signed when they are sent.
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  const lastMonth = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);

  beforeAll(async () => {
    server = await startStripeTestServer();
    t = await startTestApp({
      start,
      config: {
        stripeSecretKey: server.apiKey,
        stripeApiBase: server.url,
        stripeWebhookSecret: testWebhookSecret,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  async function paidAffiliate(cents: number) {
    const affiliateId = await givenAffiliate(t.context);
    await givenReadyAccount(t.context, server, affiliateId);
    await givenEligibleCents(t.context, affiliateId, cents, t.clock.now());
    return affiliateId;
  }

  async function payoutsOf(affiliateId: string) {
    return t.context.db.query<{ id: string; state: string; amount_cents: number }>(
      'SELECT id, state, amount_cents FROM payouts WHERE affiliate_id = $1 ORDER BY created_at, id',
      [affiliateId],
    );
  }

  async function openExceptions(): Promise<ExceptionView[]> {
    const response = await t.call({ method: 'GET', url: '/v1/admin/exceptions?state=open' });
    expect(response.statusCode).toBe(200);
    return (response.json() as { exceptions: ExceptionView[] }).exceptions;
  }

  async function resolve(id: string, resolution: string) {
    return t.call({ method: 'POST', url: `/v1/admin/exceptions/${id}/resolve`, payload: { resolution } });
  }

  it('answers {"status":"ok"} while nothing is open', async () => {
    const response = await t.call({ method: 'GET', url: '/healthz', auth: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(await openExceptions()).toEqual([]);
  });

  it('records a transfer found for a failed payout, holds the affiliate and pays again only once resolved', async () => {
    const affiliateId = await paidAffiliate(6_000);
    // Another worker's pass concludes the payout failed while this one's transfer is reaching
    // Stripe: the money goes back to available and the rail has paid it too.
    const run = await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(run.paid).toBe(1);
    // The race itself, replayed deterministically: the failure lands between the call and its record.
    const racedAffiliateId = await paidAffiliate(7_000);
    const raced = await runPayouts(t.context, daysAfter(t.clock.now(), 31), {
      hook: async (step, payoutId) => {
        if (step !== 'after_provider_call') return;
        const payout = (await loadPayout(t.context.db, payoutId))!;
        if (payout.affiliateId !== racedAffiliateId) return;
        await t.context.db.transaction((tx) =>
          settlePayoutFailed(t.context, tx, payout, {
            reason: 'lookup_found_nothing',
            message: 'concurrent pass found no transfer',
            at: t.clock.now(),
          }),
        );
      },
    });
    expect(raced.failed).toBe(1);
    const [failed] = await payoutsOf(racedAffiliateId);
    expect(failed).toMatchObject({ state: 'failed', amount_cents: 7_000 });
    expect(transfersByPayout(server).get(failed!.id)).toBe(1);
    // The ledger says the money is available again: exactly the money that must not be paid twice.
    expect(await balancesOf(t.context, racedAffiliateId)).toMatchObject({
      availableCents: 7_000,
      paidCents: 0,
    });

    const [exception] = await openExceptions();
    expect(exception).toMatchObject({
      kind: 'transfer_for_failed_payout',
      state: 'open',
      affiliateId: racedAffiliateId,
      payoutId: failed!.id,
      amountCents: 7_000,
    });
    expect(exception!.transferId).toMatch(/^tr_/);

    // Held: later runs pay nothing to this affiliate, however often they run.
    const transfersBefore = server.state.transfers.length;
    const held = await runPayouts(t.context, daysAfter(t.clock.now(), 40));
    await runPayouts(t.context, daysAfter(t.clock.now(), 41));
    expect(held.created).toBe(0);
    expect(await payoutsOf(racedAffiliateId)).toHaveLength(1);
    expect(server.state.transfers.length).toBe(transfersBefore);

    const health = await t.call({ method: 'GET', url: '/healthz', auth: null });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'degraded',
      operatorExceptions: { open: 1, affiliates: 1, amountCents: 7_000 },
    });

    // The reconciliation report shows what is open beside the month.
    const report = await t.call({
      method: 'POST',
      url: '/v1/admin/reconciliations',
      payload: { month: lastMonth },
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ operatorExceptions: { open: 1, amountCents: 7_000 } });

    // Resolving needs a resolution; an affiliate key or no key cannot.
    expect((await resolve(exception!.id, '   ')).statusCode).toBe(400);
    const anonymous = await t.call({
      method: 'POST',
      url: `/v1/admin/exceptions/${exception!.id}/resolve`,
      payload: { resolution: 'x' },
      auth: null,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await openExceptions()).map((open) => open.id)).toEqual([exception!.id]);

    const resolved = await resolve(exception!.id, `transfer ${exception!.transferId} reversed in Stripe`);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      state: 'resolved',
      resolution: expect.stringContaining('reversed'),
    });
    expect((await resolve(exception!.id, 'again')).statusCode).toBe(409);
    expect((await resolve('opx_unknown', 'x')).statusCode).toBe(404);
    expect(await openExceptions()).toEqual([]);
    expect((await t.call({ method: 'GET', url: '/healthz', auth: null })).json()).toEqual({ status: 'ok' });

    const resumed = await runPayouts(t.context, daysAfter(t.clock.now(), 50));
    expect(resumed.created).toBe(1);
    expect(await payoutsOf(racedAffiliateId)).toEqual([
      expect.objectContaining({ state: 'failed' }),
      expect.objectContaining({ state: 'paid', amount_cents: 7_000 }),
    ]);
    expect(await payoutsOf(affiliateId)).toEqual([expect.objectContaining({ state: 'paid' })]);
    await expectLedgerBalanced(t.context);
  });

  it('records a reversal of a failed payout once, however often Stripe sends it, and holds the affiliate', async () => {
    const affiliateId = await paidAffiliate(8_000);
    server.inject({ endpoint: 'transfers.create', kind: 'balance_insufficient' });
    const run = await runPayouts(t.context, daysAfter(t.clock.now(), 60));
    expect(run.failed).toBe(1);
    const [failed] = await payoutsOf(affiliateId);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ availableCents: 8_000 });

    const transfer = {
      id: 'tr_reversed_after_failure',
      object: 'transfer',
      amount: 8_000,
      amount_reversed: 8_000,
      currency: 'usd',
      metadata: { payoutId: failed!.id },
    };
    const event = stripeEvent('evt_rev_failed_1', 'transfer.reversed', t.clock.now(), transfer);
    const again = stripeEvent('evt_rev_failed_2', 'transfer.reversed', t.clock.now(), transfer);
    expect((await deliver(t, event)).json()).toMatchObject({ handled: true });
    expect((await deliver(t, again)).json()).toMatchObject({ handled: true });
    // The money came back once, when the payout failed; the reversal adds nothing to the ledger.
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ availableCents: 8_000, paidCents: 0 });

    const open = await openExceptions();
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'reversal_of_failed_payout',
        affiliateId,
        payoutId: failed!.id,
        transferId: 'tr_reversed_after_failure',
        amountCents: 8_000,
      }),
    ]);
    const held = await runPayouts(t.context, daysAfter(t.clock.now(), 70));
    expect(held.created).toBe(0);
    expect(await payoutsOf(affiliateId)).toHaveLength(1);

    const listed = await t.call({ method: 'GET', url: '/v1/admin/exceptions?state=resolved' });
    expect((listed.json() as { exceptions: ExceptionView[] }).exceptions).toHaveLength(1);
    expect((await resolve(open[0]!.id, 'balance checked in Stripe')).statusCode).toBe(200);
    expect((await runPayouts(t.context, daysAfter(t.clock.now(), 80))).created).toBe(1);
    await expectLedgerBalanced(t.context);
  });
});
