import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testWebhookSecret } from '../support/stripe_events.js';
import {
  amountsOf,
  balanceOf,
  commissionsOf,
  deliverOk,
  expectLedgerBalanced,
  referTeam,
  reportMembers,
  StripeTeam,
  scriptedYearBilling,
  scriptedYearCommissions,
  scriptedYearEarnedCents,
  type TimedEvent,
  UsageDays,
} from './support.js';

const teamId = 'team_year';
const zero = {
  pendingCents: 0,
  vestedCents: 0,
  eligibleCents: 0,
  availableCents: 0,
  inTransitCents: 0,
  paidCents: 0,
  owedCents: 0,
};

describe('a referred team through a scripted year earns exactly what SPEC §3 promises', () => {
  let t: TestApp;
  let affiliateId: string;
  let usage: UsageDays;
  let billing: TimedEvent[];

  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
  });
  afterAll(async () => t.close());

  /** Lives until `to`, delivering each billing event when its time comes. */
  async function liveUntil(to: string): Promise<void> {
    while (billing.length > 0 && billing[0]!.at <= to) {
      const next = billing.shift()!;
      await usage.liveUntil(new Date(next.at));
      await deliverOk(t, next.event);
    }
    await usage.liveUntil(new Date(to));
    await expectLedgerBalanced(t);
  }

  async function stateOf(id: string) {
    return (await commissionsOf(t, affiliateId)).find((commission) => commission.id === id);
  }

  it('grants Tier 1 on the 7th active day, pending, and not on the 6th', async () => {
    ({ affiliateId } = await referTeam(t, { teamId, email: 'lead@yearcorp.example.com' }));
    usage = new UsageDays(t, [teamId], new Date('2026-01-05T00:00:00Z'));
    billing = scriptedYearBilling(new StripeTeam(teamId));

    await liveUntil('2026-01-10T12:00:00Z');
    expect(await amountsOf(t, affiliateId)).toEqual({});
    await liveUntil('2026-01-11T12:00:00Z');
    expect(await amountsOf(t, affiliateId)).toEqual({ [`tier1:${teamId}`]: 5_000 });
    expect((await stateOf(`tier1:${teamId}`))?.state).toBe('pending');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, pendingCents: 5_000 });
  });

  it('grants Tier 2 only once the team has more than 5 members and 30 active days', async () => {
    await reportMembers(t, teamId, 3);
    await liveUntil('2026-02-03T12:00:00Z'); // the 30th active day
    await reportMembers(t, teamId, 5);
    expect(await amountsOf(t, affiliateId)).toEqual({ [`tier1:${teamId}`]: 5_000 });
    await liveUntil('2026-02-10T12:00:00Z');
    await reportMembers(t, teamId, 6);
    await expectLedgerBalanced(t);
    expect(await amountsOf(t, affiliateId)).toEqual({
      [`tier1:${teamId}`]: 5_000,
      [`tier2:${teamId}`]: 25_000,
    });
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, pendingCents: 30_000 });
  });

  it('vests both bonuses at the first paid invoice, and earns no Tier 3 at $300 a month', async () => {
    await liveUntil('2026-03-01T10:00:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, vestedCents: 30_000 });
    expect((await stateOf(`tier2:${teamId}`))?.state).toBe('vested');
    await liveUntil('2026-04-01T10:00:00Z');
    expect(Object.keys(await amountsOf(t, affiliateId))).toHaveLength(2);
  });

  it('grants Tier 3 at once on the upgrade whose proration invoice takes the month above $500', async () => {
    await liveUntil('2026-04-15T12:00:00Z');
    expect(await amountsOf(t, affiliateId)).toMatchObject({ [`tier3:in_${teamId}_04u`]: 4_500 });
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, vestedCents: 34_500 });
    await liveUntil('2026-05-01T10:00:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, vestedCents: 48_000 });
  });

  it('makes everything eligible at the first sweep after the team is sustained, 90 days after paying', async () => {
    // Paid March 1 10:00, so sustained after May 30 10:00; the daily sweep runs at 00:05.
    await liveUntil('2026-05-31T00:04:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, vestedCents: 48_000 });
    await liveUntil('2026-05-31T00:05:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, eligibleCents: 48_000 });
    expect((await stateOf(`tier1:${teamId}`))?.eligibleAt).toBe('2026-05-31T00:05:00.000Z');
    // Granted after sustained: eligible at once.
    await liveUntil('2026-06-01T10:00:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, eligibleCents: 61_500 });
  });

  it("reverses the refunded part of June's share", async () => {
    await liveUntil('2026-06-10T12:00:00Z');
    const june = await stateOf(`tier3:in_${teamId}_06`);
    expect(june).toMatchObject({
      amountCents: 13_500,
      reversedCents: 4_500,
      remainingCents: 9_000,
      state: 'eligible',
    });
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, eligibleCents: 57_000 });
  });

  it('releases to the available balance 30 days after eligibility, not a minute before', async () => {
    await liveUntil('2026-06-30T00:04:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({ ...zero, eligibleCents: 57_000 });
    await liveUntil('2026-06-30T00:05:00Z');
    expect(await balanceOf(t, affiliateId)).toEqual({
      ...zero,
      eligibleCents: 9_000,
      availableCents: 48_000,
    });
    expect((await stateOf(`tier1:${teamId}`))?.state).toBe('available');
  });

  it('ends the year with exactly the commissions written out by hand, none after the window', async () => {
    await liveUntil('2026-12-31T12:00:00Z');
    expect(billing).toEqual([]);
    expect(await amountsOf(t, affiliateId)).toEqual(scriptedYearCommissions(teamId));
    const commissions = await commissionsOf(t, affiliateId);
    expect(commissions.map((commission) => commission.state)).toEqual(commissions.map(() => 'available'));
    // The monthly payout run may have taken the available money on: it is then in transit or paid.
    const balance = await balanceOf(t, affiliateId);
    expect(balance.availableCents + balance.inTransitCents + balance.paidCents).toBe(scriptedYearEarnedCents);
    expect(balance).toMatchObject({ pendingCents: 0, vestedCents: 0, eligibleCents: 0, owedCents: 0 });
    const events = await t.context.db.query<{ type: string; n: number }>(
      "SELECT type, count(*)::int8 AS n FROM webhook_events WHERE affiliate_id = $1 AND type LIKE 'commission.%' GROUP BY type ORDER BY type",
      [affiliateId],
    );
    expect(events).toEqual([
      { type: 'commission.created', n: 9 },
      { type: 'commission.reversed', n: 1 },
    ]);
  });
});
