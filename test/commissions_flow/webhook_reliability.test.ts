import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { testDatabaseKind } from '../support/database.js';
import { deliver, signedHeader, testWebhookSecret } from '../support/stripe_events.js';
import {
  advanceTo,
  type Balance,
  balanceOf,
  commissionRowCounts,
  commissionsOf,
  deliverOk,
  expectLedgerBalanced,
  referTeam,
  reportMembers,
  StripeTeam,
  scriptedYearBilling,
  scriptedYearCommissions,
  scriptedYearEarnedCents,
  UsageDays,
} from './support.js';

/** Balances with what the payout run took on folded back: runs released on different days are paid on different runs. */
function earned(balance: Balance) {
  return {
    pendingCents: balance.pendingCents,
    vestedCents: balance.vestedCents,
    eligibleCents: balance.eligibleCents,
    releasedCents: balance.availableCents + balance.inTransitCents + balance.paidCents,
    owedCents: balance.owedCents,
  };
}

/** Each webhook 1–3 times, all in one random order: indexes into the year's events. */
function deliveryOrder(eventCount: number) {
  return fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: eventCount, maxLength: eventCount })
    .chain((counts) => {
      const deliveries = counts.flatMap((count, index) => Array.from({ length: count }, () => index));
      return fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length });
    });
}

describe('the scripted year billed through webhooks delivered 1–3 times in any order', {
  timeout: simulatedYearBudgetMs,
}, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
  });
  afterAll(async () => t.close());

  it('ends in the same commissions and balances as one in-order delivery (several seeds)', async () => {
    const seeds = [7, 42, 2026];
    const teamIds = ['team_inorder', 'team_backwards', ...seeds.map((seed) => `team_seed${seed}`)];
    const affiliates = new Map<string, string>();
    for (const teamId of teamIds) {
      const { affiliateId } = await referTeam(t, {
        teamId,
        email: `lead@${teamId.replace('_', '')}.example.com`,
      });
      affiliates.set(teamId, affiliateId);
    }
    // The team's life happens through the year; its billing reaches the program only at the end.
    const usage = new UsageDays(t, teamIds, new Date('2026-01-05T00:00:00Z'));
    await usage.liveUntil(new Date('2026-02-10T12:00:00Z'));
    for (const teamId of teamIds) await reportMembers(t, teamId, 6);
    await usage.liveUntil(new Date('2026-12-31T12:00:00Z'));

    const reference = scriptedYearBilling(new StripeTeam('team_inorder'));
    for (const { event } of reference) await deliverOk(t, event);
    // The worst order, every event twice: the customer (so invoices count at once), then December's
    // invoice first and March's last, so the window starts late and moves back.
    const backwards = scriptedYearBilling(new StripeTeam('team_backwards'));
    const [customer, ...rest] = backwards;
    for (const { event } of [customer!, ...rest.reverse(), ...backwards]) await deliverOk(t, event);
    const orders = seeds.map((seed) => fc.sample(deliveryOrder(reference.length), { seed, numRuns: 1 })[0]!);
    for (const [index, seed] of seeds.entries()) {
      const events = scriptedYearBilling(new StripeTeam(`team_seed${seed}`));
      expect(orders[index]!.length).toBeGreaterThan(events.length);
      for (const position of orders[index]!) await deliverOk(t, events[position]!.event);
      await expectLedgerBalanced(t);
    }
    // An invoice that arrived first may have made `paid` late, so sustained and the release come
    // later for some teams: live on until every team's money is released.
    await usage.liveUntil(new Date('2027-04-10T12:00:00Z'));
    await expectLedgerBalanced(t);

    const view = async (teamId: string) =>
      (await commissionsOf(t, affiliates.get(teamId)!)).map((c) => ({
        id: c.id.replace(teamId, 'TEAM'),
        amountCents: c.amountCents,
        cappedCents: c.cappedCents,
        reversedCents: c.reversedCents,
        remainingCents: c.remainingCents,
        state: c.state,
      }));
    const referenceCommissions = await view('team_inorder');
    expect(Object.fromEntries(referenceCommissions.map((c) => [c.id, c.amountCents]))).toEqual(
      scriptedYearCommissions('TEAM'),
    );
    const referenceBalance = earned(await balanceOf(t, affiliates.get('team_inorder')!));
    expect(referenceBalance).toEqual({
      pendingCents: 0,
      vestedCents: 0,
      eligibleCents: 0,
      releasedCents: scriptedYearEarnedCents,
      owedCents: 0,
    });
    // Backwards, November and December were granted first, then taken back whole once May moved the window.
    const backwardsReversed = (await view('team_backwards')).filter((c) => c.state === 'reversed');
    expect(backwardsReversed.map((c) => [c.id, c.amountCents, c.reversedCents])).toEqual([
      ['tier3:in_TEAM_11', 13_500, 13_500],
      ['tier3:in_TEAM_12', 13_500, 13_500],
    ]);
    for (const seed of ['backwards', ...seeds]) {
      const teamId = `team_${typeof seed === 'number' ? `seed${seed}` : seed}`;
      // Out of order, an invoice past the window may have been granted before older ones moved
      // the window, then taken back whole: it nets to nothing.
      const commissions = (await view(teamId)).filter(
        (c) => c.remainingCents > 0 || c.reversedCents < c.amountCents,
      );
      expect({ seed, commissions }).toEqual({ seed, commissions: referenceCommissions });
      expect({ seed, balance: earned(await balanceOf(t, affiliates.get(teamId)!)) }).toEqual({
        seed,
        balance: referenceBalance,
      });
    }
  });
});

describe('webhooks racing or forged', () => {
  let t: TestApp;
  let affiliateId: string;
  const team = new StripeTeam('team_race', '2026-02-01T09:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
    ({ affiliateId } = await referTeam(t, { teamId: 'team_race', email: 'lead@racecorp.example.com' }));
    await advanceTo(t, new Date('2026-02-01T09:00:00Z'));
    await deliverOk(t, team.customerCreated('2026-02-01T09:00:00Z'));
    await deliverOk(t, team.subscription('created', '2026-02-01T09:00:00Z', 60_000));
    await advanceTo(t, new Date('2026-02-01T10:00:00Z'));
  });
  afterAll(async () => t.close());

  it('writes nothing for forged, altered, unsigned or stale invoice.paid deliveries', async () => {
    const before = await commissionRowCounts(t);
    const event = team.invoicePaid('forged', '2026-02-01T10:00:00Z', 60_000);
    const payload = JSON.stringify(event);
    const attempts = [
      { header: signedHeader(payload, t.clock.now(), 'whsec_not_the_program_secret_0123456789') },
      {
        header: signedHeader(payload.replace('"amount_paid":60000', '"amount_paid":6000000'), t.clock.now()),
      },
      { header: null },
      { header: signedHeader(payload, new Date(t.clock.now().getTime() - 301_000)) },
    ];
    for (const attempt of attempts) {
      const response = await deliver(t, payload, attempt);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await commissionRowCounts(t)).toEqual(before);
    expect(await commissionsOf(t, affiliateId)).toEqual([]);
    await expectLedgerBalanced(t);
    // The same bytes, genuinely signed, earn: the refusals above were the signature's doing.
    await deliverOk(t, event);
    expect((await commissionsOf(t, affiliateId)).map((c) => [c.id, c.amountCents])).toEqual([
      ['tier3:in_team_race_forged', 9_000],
    ]);
  });

  it.runIf(testDatabaseKind === 'postgres')(
    'creates one commission from 20 concurrent deliveries of the same invoice.paid',
    async () => {
      await advanceTo(t, new Date('2026-03-01T10:00:00Z'));
      const event = team.invoicePaid('mar', '2026-03-01T10:00:00Z', 60_000);
      const sameInvoiceOtherEvent = { ...event, id: `${event.id}_retry` };
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) => deliver(t, index % 2 === 0 ? event : sameInvoiceOtherEvent)),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 200));
      const commissions = (await commissionsOf(t, affiliateId)).filter(
        (c) => c.invoiceId === 'in_team_race_mar',
      );
      expect(commissions.map((c) => [c.id, c.amountCents])).toEqual([['tier3:in_team_race_mar', 9_000]]);
      const [created] = await t.context.db.query<{ transfers: number; events: number }>(
        `SELECT (SELECT count(*) FROM ledger_transfers WHERE commission_id = 'tier3:in_team_race_mar')::int8 AS transfers,
                (SELECT count(*) FROM webhook_events WHERE id = 'commission.created:tier3:in_team_race_mar')::int8 AS events`,
      );
      expect(created).toEqual({ transfers: 2, events: 1 }); // created, then vested at once (the team paid)
      await expectLedgerBalanced(t);
    },
  );
});
