import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { makeCommissionsEligibleForTeam } from '../../src/commissions/make_commissions_eligible_for_team.js';
import { reverseCommission } from '../../src/commissions/reverse_commission.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { createAffiliate } from '../../src/partners/create_affiliate.js';
import { payoutRunJob } from '../../src/payouts/jobs/payout_job.js';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import { loadPayout } from '../../src/payouts/storage/payouts.js';
import { occurrencesBetween } from '../../src/platform/rules/schedules.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';
import { deliver, stripeEvent, testWebhookSecret } from '../support/stripe_events.js';
import {
  balancesOf,
  daysAfter,
  expectPayoutsMatchLedger,
  givenEligibleCents,
  givenReadyAccount,
  transfersByPayout,
} from './support.js';

describe('payout run on Stripe', () => {
  let server: StripeTestServer;
  let t: TestApp;
  const start = new Date('2026-01-05T12:00:00Z');

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

  async function paidAffiliate(cents: number, eligibleAt = t.clock.now()) {
    const affiliateId = await givenAffiliate(t.context);
    const accountId = await givenReadyAccount(t.context, server, affiliateId);
    await givenEligibleCents(t.context, affiliateId, cents, eligibleAt);
    return { affiliateId, accountId };
  }

  async function payoutsOf(affiliateId: string) {
    return t.context.db.query<{ id: string; state: string; amount_cents: number }>(
      'SELECT id, state, amount_cents FROM payouts WHERE affiliate_id = $1 ORDER BY created_at, id',
      [affiliateId],
    );
  }

  it('pays 5,000 cents but not 4,999, once, however often the same as-of runs', async () => {
    const due = await paidAffiliate(5_000);
    const below = await paidAffiliate(4_999);
    const asOf = daysAfter(t.clock.now(), 30);
    const first = await runPayouts(t.context, asOf);
    const again = await runPayouts(t.context, asOf);
    expect(first.provider).toBe('stripe');
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect(again.created).toBe(0);
    expect(await payoutsOf(due.affiliateId)).toEqual([
      expect.objectContaining({ state: 'paid', amount_cents: 5_000 }),
    ]);
    expect(await payoutsOf(below.affiliateId)).toEqual([]);
    expect(await balancesOf(t.context, due.affiliateId)).toMatchObject({
      availableCents: 0,
      inTransitCents: 0,
      paidCents: 5_000,
    });
    expect(await balancesOf(t.context, below.affiliateId)).toMatchObject({
      availableCents: 4_999,
      paidCents: 0,
    });
    const [payout] = await payoutsOf(due.affiliateId);
    expect(transfersByPayout(server).get(payout!.id)).toBe(1);
    const transfer = server.state.transfers.find(
      (candidate) => (candidate['metadata'] as Record<string, string>)['payoutId'] === payout!.id,
    );
    expect(transfer).toMatchObject({ amount: 5_000, destination: due.accountId });
    const events = await t.context.db.query<{ type: string }>(
      'SELECT type FROM webhook_events WHERE affiliate_id = $1',
      [due.affiliateId],
    );
    expect(events.map((event) => event.type)).toContain('payout.paid');
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    await expectLedgerBalanced(t.context);
  });

  it('releases 30 days after eligibility to the millisecond, and the monthly run picks it up a month later', async () => {
    const eligibleAt = new Date('2026-01-30T12:00:00Z');
    const { affiliateId } = await paidAffiliate(5_000, eligibleAt);
    const [marchRun, aprilRun] = occurrencesBetween(
      payoutRunJob.schedule,
      new Date('2026-02-15T00:00:00Z'),
      new Date('2026-04-15T00:00:00Z'),
    );
    expect(marchRun?.toISOString()).toBe('2026-03-01T06:00:00.000Z');
    expect(aprilRun?.toISOString()).toBe('2026-04-01T06:00:00.000Z');
    // Due on March 1 at 12:00, six hours after the March run.
    await runPayouts(t.context, marchRun!);
    expect(await payoutsOf(affiliateId)).toEqual([]);
    await runPayouts(t.context, new Date(daysAfter(eligibleAt, 30).getTime() - 1));
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({
      eligibleCents: 5_000,
      availableCents: 0,
    });
    const april = await payoutRunJob.run(t.context, aprilRun!);
    expect(april).toMatchObject({ asOf: '2026-04-01T06:00:00.000Z' });
    expect(await payoutsOf(affiliateId)).toEqual([
      expect.objectContaining({
        id: `po_${affiliateId}_20260401T060000Z`,
        state: 'paid',
        amount_cents: 5_000,
      }),
    ]);
    await expectLedgerBalanced(t.context);
  });

  it('waits for a ready account, which account.updated reports', async () => {
    const affiliateId = await givenAffiliate(t.context);
    await givenEligibleCents(t.context, affiliateId, 6_000, t.clock.now());
    const connect = await t.call({
      method: 'POST',
      url: `/v1/affiliates/${affiliateId}/payout-account`,
      payload: {},
    });
    expect(connect.statusCode).toBe(200);
    const { account, onboardingUrl } = connect.json();
    expect(account.status).toBe('onboarding');
    expect(onboardingUrl).toMatch(/^http/);
    const repeat = await t.call({
      method: 'POST',
      url: `/v1/affiliates/${affiliateId}/payout-account`,
      payload: {},
    });
    expect(repeat.json().account.accountId).toBe(account.accountId);

    await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(await payoutsOf(affiliateId)).toEqual([]);

    server.onboard(account.accountId);
    const accountObject = server.state.accounts.get(account.accountId)!;
    const event = stripeEvent('evt_account_ready', 'account.updated', t.clock.now(), accountObject as never);
    const delivered = await deliver(t, event);
    expect(delivered.json()).toMatchObject({ handled: true, duplicate: false });
    const status = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/payout-account` });
    expect(status.json()).toMatchObject({ connected: true, account: { status: 'ready' } });

    await runPayouts(t.context, daysAfter(t.clock.now(), 31));
    expect(await payoutsOf(affiliateId)).toEqual([
      expect.objectContaining({ state: 'paid', amount_cents: 6_000 }),
    ]);
  });

  it('returns the money once after a permanent failure and pays it next run under a new id', async () => {
    const { affiliateId } = await paidAffiliate(7_000);
    server.inject({ endpoint: 'transfers.create', kind: 'balance_insufficient' });
    const failedRun = await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(failedRun.failed).toBeGreaterThanOrEqual(1);
    const [failed] = await payoutsOf(affiliateId);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({
      availableCents: 7_000,
      inTransitCents: 0,
    });
    // The recovery pass of later runs leaves a failed payout alone.
    await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ availableCents: 7_000 });

    await runPayouts(t.context, daysAfter(t.clock.now(), 40));
    const payouts = await payoutsOf(affiliateId);
    expect(payouts).toHaveLength(2);
    expect(payouts[1]).toMatchObject({ state: 'paid', amount_cents: 7_000 });
    expect(payouts[1]!.id).not.toBe(failed!.id);
    expect(transfersByPayout(server).get(failed!.id)).toBeUndefined();
    expect(transfersByPayout(server).get(payouts[1]!.id)).toBe(1);
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ availableCents: 0, paidCents: 7_000 });
    const events = await t.context.db.query<{ type: string }>(
      'SELECT type FROM webhook_events WHERE affiliate_id = $1 ORDER BY created_at, type',
      [affiliateId],
    );
    expect(events.map((event) => event.type).filter((type) => type.startsWith('payout.'))).toEqual([
      'payout.failed',
      'payout.paid',
    ]);
    await expectLedgerBalanced(t.context);
  });

  it('keeps a payout in transit on retryable errors and finishes it with the same id', async () => {
    const { affiliateId } = await paidAffiliate(8_000);
    // More 429s than the SDK retries: the run gives up for now.
    server.inject({ endpoint: 'transfers.create', kind: 'rate_limit', count: 3 });
    const first = await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    server.faults.clear();
    expect(first.inFlight).toBeGreaterThanOrEqual(1);
    const [payout] = await payoutsOf(affiliateId);
    expect(payout).toMatchObject({ state: 'sending' });
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({
      inTransitCents: 8_000,
      availableCents: 0,
    });

    // A 500 after Stripe committed: the lookup by payout id finds the transfer.
    server.inject({ endpoint: 'transfers.create', kind: 'server_error_after_commit' });
    const second = await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(second.recovered.paid).toBeGreaterThanOrEqual(1);
    expect(await loadPayout(t.context.db, payout!.id)).toMatchObject({ state: 'paid', attempts: 2 });
    expect(transfersByPayout(server).get(payout!.id)).toBe(1);
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ inTransitCents: 0, paidCents: 8_000 });
    await expectLedgerBalanced(t.context);
  });

  it('returns a reversed transfer to available once, however often the event comes', async () => {
    const { affiliateId } = await paidAffiliate(9_000);
    await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    const [payout] = await payoutsOf(affiliateId);
    const stored = await loadPayout(t.context.db, payout!.id);
    const transfer = { ...server.state.transfer(stored!.providerTransferId!)!, amount_reversed: 3_000 };
    const partial = stripeEvent('evt_rev_1', 'transfer.reversed', t.clock.now(), transfer as never);
    expect((await deliver(t, partial)).json()).toMatchObject({ handled: true });
    expect((await deliver(t, partial)).json()).toMatchObject({ duplicate: true });
    const sameAmountOtherEvent = stripeEvent(
      'evt_rev_1b',
      'transfer.reversed',
      t.clock.now(),
      transfer as never,
    );
    await deliver(t, sameAmountOtherEvent);
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({
      availableCents: 3_000,
      paidCents: 6_000,
    });
    const full = stripeEvent('evt_rev_2', 'transfer.reversed', t.clock.now(), {
      ...transfer,
      amount_reversed: 9_000,
    } as never);
    await deliver(t, full);
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ availableCents: 9_000, paidCents: 0 });
    expect(await loadPayout(t.context.db, payout!.id)).toMatchObject({ state: 'paid', reversedCents: 9_000 });
    await expectLedgerBalanced(t.context);
  });

  it('carries a clawback after payout as owed, repaid by the next earnings first', async () => {
    const affiliateId = await givenAffiliate(t.context);
    await givenReadyAccount(t.context, server, affiliateId);
    const firstTeam = await givenEligibleCents(t.context, affiliateId, 5_000, t.clock.now());
    await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ paidCents: 5_000 });
    const clawback = await reverseCommission(t.context, {
      commissionId: `tier1:${firstTeam}`,
      reversalId: 'fraud',
      cause: 'fraud review',
    });
    expect(clawback).toMatchObject({ reversedCents: 5_000, owedCents: 5_000 });
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({ owedCents: 5_000, availableCents: 0 });

    const secondTeam = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId: secondTeam, tier: 'tier2' });
    await vestCommissionsForTeam(t.context, { teamId: secondTeam });
    const eligibleAt = daysAfter(t.clock.now(), 1);
    await makeCommissionsEligibleForTeam(t.context, { teamId: secondTeam, at: eligibleAt });
    await runPayouts(t.context, daysAfter(eligibleAt, 30));
    expect(await balancesOf(t.context, affiliateId)).toMatchObject({
      owedCents: 0,
      availableCents: 0,
      paidCents: 25_000,
    });
    const payouts = await payoutsOf(affiliateId);
    expect(payouts.map((payout) => payout.amount_cents)).toEqual([5_000, 20_000]);
    await expectLedgerBalanced(t.context);
  });

  it('lists payouts for admins and for the affiliate itself only', async () => {
    const { affiliateId } = await paidAffiliate(5_500);
    const other = await createAffiliate(t.context, {
      email: 'other@other.example',
      name: 'Other',
      kind: 'developer',
    });
    await runPayouts(t.context, daysAfter(t.clock.now(), 30));
    const key = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'affiliate', name: 'mine', affiliateId },
    });
    expect(key.statusCode).toBe(201);
    const own = await t.call({
      method: 'GET',
      url: `/v1/affiliates/${affiliateId}/payouts`,
      auth: key.json().key,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().payouts).toEqual([expect.objectContaining({ amountCents: 5_500, state: 'paid' })]);
    const foreign = await t.call({
      method: 'GET',
      url: `/v1/affiliates/${other.id}/payouts`,
      auth: key.json().key,
    });
    expect(foreign.statusCode).toBe(404);
    const adminOnly = await t.call({ method: 'GET', url: '/v1/admin/payouts', auth: key.json().key });
    expect(adminOnly.statusCode).toBe(403);
    const paid = await t.call({ method: 'GET', url: '/v1/admin/payouts?state=paid&limit=2' });
    expect(paid.statusCode).toBe(200);
    expect(paid.json().payouts).toHaveLength(2);
    expect(paid.json().payouts.every((payout: { state: string }) => payout.state === 'paid')).toBe(true);
    const next = await t.call({
      method: 'GET',
      url: `/v1/admin/payouts?state=paid&cursor=${paid.json().nextCursor}`,
    });
    expect(next.json().payouts.map((payout: { id: string }) => payout.id)).not.toContain(
      paid.json().payouts[0].id,
    );
    for (const url of [
      '/v1/admin/payouts?state=lost',
      '/v1/admin/payouts?limit=0',
      '/v1/admin/payouts?cursor=zzz',
    ]) {
      const bad = await t.call({ method: 'GET', url });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    const badBody = await t.call({
      method: 'POST',
      url: `/v1/affiliates/${affiliateId}/payout-account`,
      payload: { country: 'usa' },
    });
    expect(badBody.statusCode).toBe(400);
  });
});
