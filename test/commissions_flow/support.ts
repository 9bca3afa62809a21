import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { createAffiliate, createLink } from '../support/attribution.js';
import {
  customerObject,
  deliver,
  paidInvoiceObject,
  refundedChargeObject,
  type StripeEvent,
  stripeEvent,
  subscriptionObject,
} from '../support/stripe_events.js';

const browserAgent =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const msPerDay = 86_400_000;

export interface Balance {
  pendingCents: number;
  vestedCents: number;
  eligibleCents: number;
  availableCents: number;
  inTransitCents: number;
  paidCents: number;
  owedCents: number;
}

export interface CommissionView {
  id: string;
  teamId: string;
  tier: string;
  state: string;
  amountCents: number;
  cappedCents: number;
  reversedCents: number;
  remainingCents: number;
  invoiceId: string | null;
  eligibleAt: string | null;
  availableAt: string | null;
}

/** A referred team: an affiliate's link is clicked (optionally with a content tag), then the team signs up. */
export async function referTeam(
  t: TestApp,
  options: { teamId: string; email: string; affiliateId?: string; tag?: string },
): Promise<{ affiliateId: string; teamId: string }> {
  const affiliateId =
    options.affiliateId ?? (await createAffiliate(t, `dev.${options.teamId}@affiliates.example.com`));
  const link = await createLink(t, affiliateId);
  const visit = await t.app.inject({
    method: 'GET',
    url: options.tag ? `/r/${link.code}/${options.tag}` : `/r/${link.code}`,
    headers: { 'user-agent': browserAgent },
    remoteAddress: `198.51.100.${options.teamId.length}`,
  });
  expect(visit.statusCode).toBe(302);
  const clickId = new URL(String(visit.headers.location)).searchParams.get('emd_click');
  const signup = await t.call({
    method: 'POST',
    url: '/v1/track/signup',
    payload: { teamId: options.teamId, email: options.email, ...(clickId ? { clickId } : {}) },
  });
  expect(signup.statusCode, signup.body).toBe(200);
  expect(signup.json()).toMatchObject({ attributed: true, affiliateId });
  return { affiliateId, teamId: options.teamId };
}

export async function advanceTo(t: TestApp, to: Date): Promise<void> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/admin/clock',
    payload: { now: to.toISOString() },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/**
 * Lives until `to`: the clock moves in steps of at most a week (the sweep runs at each), and after
 * each step every team reports one API call batch for each UTC day just passed (at 09:00).
 */
export class UsageDays {
  private lastDayMs: number;

  constructor(
    private readonly t: TestApp,
    private readonly teamIds: readonly string[],
    firstDay: Date,
  ) {
    this.lastDayMs =
      Date.UTC(firstDay.getUTCFullYear(), firstDay.getUTCMonth(), firstDay.getUTCDate()) - msPerDay;
  }

  async liveUntil(to: Date): Promise<void> {
    for (;;) {
      const now = this.t.clock.now().getTime();
      const next = Math.min(now + 7 * msPerDay, to.getTime());
      if (next > now) await advanceTo(this.t, new Date(next));
      await this.reportDaysUntil(new Date(next));
      if (next >= to.getTime()) return;
    }
  }

  private async reportDaysUntil(until: Date): Promise<void> {
    const events = [];
    for (let day = this.lastDayMs + msPerDay; day + 9 * 3_600_000 <= until.getTime(); day += msPerDay) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const teamId of this.teamIds) {
        events.push({ id: `use_${teamId}_${date}`, teamId, apiCalls: 60, occurredAt: `${date}T09:00:00Z` });
      }
      this.lastDayMs = day;
    }
    for (let start = 0; start < events.length; start += 1_000) {
      const response = await this.t.call({
        method: 'POST',
        url: '/v1/track/usage',
        payload: { events: events.slice(start, start + 1_000) },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().rejected).toEqual([]);
    }
  }
}

export async function reportMembers(t: TestApp, teamId: string, members: number): Promise<void> {
  const response = await t.call({ method: 'POST', url: '/v1/track/members', payload: { teamId, members } });
  expect(response.statusCode, response.body).toBe(200);
}

export async function balanceOf(t: TestApp, affiliateId: string): Promise<Balance> {
  const response = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/balance` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Balance;
}

export async function commissionsOf(t: TestApp, affiliateId: string): Promise<CommissionView[]> {
  const response = await t.call({
    method: 'GET',
    url: `/v1/affiliates/${affiliateId}/commissions?limit=500`,
  });
  expect(response.statusCode, response.body).toBe(200);
  const commissions = (response.json() as { commissions: CommissionView[] }).commissions;
  return commissions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `{id: amount}` of every commission, for comparisons written out by hand. */
export async function amountsOf(t: TestApp, affiliateId: string): Promise<Record<string, number>> {
  return Object.fromEntries((await commissionsOf(t, affiliateId)).map((c) => [c.id, c.amountCents]));
}

export async function expectLedgerBalanced(t: TestApp): Promise<void> {
  const response = await t.call({ method: 'GET', url: '/v1/admin/ledger/verify' });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toMatchObject({ balanced: true, unbalancedTransfers: 0, mismatchedAccounts: 0 });
}

export async function deliverOk(t: TestApp, event: StripeEvent): Promise<void> {
  const response = await deliver(t, event);
  expect(response.statusCode, response.body).toBe(200);
}

/** Stripe webhooks for one team's customer, subscription, invoices and refunds, built by name. */
export class StripeTeam {
  readonly customerId: string;
  readonly subscriptionId: string;

  constructor(
    readonly teamId: string,
    private readonly startedAt = '2026-03-01T10:00:00Z',
  ) {
    this.customerId = `cus_${teamId}`;
    this.subscriptionId = `sub_${teamId}`;
  }

  customerCreated(at: string): StripeEvent {
    return stripeEvent(
      `evt_${this.teamId}_customer`,
      'customer.created',
      at,
      customerObject({ customerId: this.customerId, teamId: this.teamId, created: at }),
    );
  }

  subscription(name: string, at: string, monthlyCents: number, status = 'active'): StripeEvent {
    return stripeEvent(
      `evt_${this.teamId}_sub_${name}`,
      name === 'created' ? 'customer.subscription.created' : 'customer.subscription.updated',
      at,
      subscriptionObject({
        subscriptionId: this.subscriptionId,
        customerId: this.customerId,
        teamId: this.teamId,
        status,
        unitAmountCents: monthlyCents,
        quantity: 1,
        startedAt: this.startedAt,
      }),
    );
  }

  invoiceId(name: string): string {
    return `in_${this.teamId}_${name}`;
  }

  invoicePaid(name: string, paidAt: string, amountPaidCents: number): StripeEvent {
    return stripeEvent(
      `evt_${this.teamId}_invoice_${name}`,
      'invoice.paid',
      paidAt,
      paidInvoiceObject({
        shape: 'current',
        invoiceId: this.invoiceId(name),
        customerId: this.customerId,
        subscriptionId: this.subscriptionId,
        amountPaidCents,
        paidAt,
        paymentIntentId: `pi_${this.teamId}_${name}`,
        chargeId: `ch_${this.teamId}_${name}`,
      }),
    );
  }

  /** `charge.refunded` of the charge that paid invoice `name`; the amount is the charge's cumulative refund. */
  chargeRefunded(name: string, at: string, amountCents: number, amountRefundedCents: number): StripeEvent {
    return stripeEvent(
      `evt_${this.teamId}_refund_${name}_${amountRefundedCents}`,
      'charge.refunded',
      at,
      refundedChargeObject({
        shape: 'current',
        chargeId: `ch_${this.teamId}_${name}`,
        customerId: this.customerId,
        paymentIntentId: `pi_${this.teamId}_${name}`,
        amountCents,
        amountRefundedCents,
      }),
    );
  }
}

/** Row counts of what commission granting writes. */
export async function commissionRowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'commissions',
    'ledger_transfers',
    'ledger_entries',
    'webhook_events',
    'billing_events',
  ]) {
    const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  return counts;
}

export interface TimedEvent {
  at: string;
  event: StripeEvent;
}

/**
 * The billing of the scripted year, in the order Stripe would send it: $300 a month from March,
 * an upgrade to $900 a month on April 15 with its proration invoice paid at once ($300, which
 * takes April's paid total to $600, above $500), $900 on the 1st of every month after, and $300
 * of June's invoice refunded on June 10.
 */
export function scriptedYearBilling(team: StripeTeam): TimedEvent[] {
  const monthly = (month: string, amountCents: number): TimedEvent => ({
    at: `2026-${month}-01T10:00:00Z`,
    event: team.invoicePaid(month, `2026-${month}-01T10:00:00Z`, amountCents),
  });
  return [
    { at: '2026-03-01T09:00:00Z', event: team.customerCreated('2026-03-01T09:00:00Z') },
    { at: '2026-03-01T09:00:00Z', event: team.subscription('created', '2026-03-01T09:00:00Z', 30_000) },
    monthly('03', 30_000),
    monthly('04', 30_000),
    { at: '2026-04-15T12:00:00Z', event: team.subscription('upgraded', '2026-04-15T12:00:00Z', 90_000) },
    { at: '2026-04-15T12:00:00Z', event: team.invoicePaid('04u', '2026-04-15T12:00:00Z', 30_000) },
    monthly('05', 90_000),
    monthly('06', 90_000),
    { at: '2026-06-10T12:00:00Z', event: team.chargeRefunded('06', '2026-06-10T12:00:00Z', 90_000, 30_000) },
    monthly('07', 90_000),
    monthly('08', 90_000),
    monthly('09', 90_000),
    monthly('10', 90_000),
    monthly('11', 90_000),
    monthly('12', 90_000),
  ];
}

/**
 * What the scripted year earns, written out by hand (cents): Tier 1 $50; Tier 2 $250; Tier 3 at
 * 15 % from the upgrade's proration invoice (April 15 12:00, 4,500) until October 15 12:00
 * (exclusive): May to October, 6 × 13,500; none for November and December; June's refund of
 * 30,000 of 90,000 takes back floor(13,500 × 30,000 / 90,000) = 4,500.
 */
export function scriptedYearCommissions(teamId: string): Record<string, number> {
  const tier3 = (name: string, cents: number) => [`tier3:in_${teamId}_${name}`, cents] as const;
  return Object.fromEntries([
    [`tier1:${teamId}`, 5_000],
    [`tier2:${teamId}`, 25_000],
    tier3('04u', 4_500),
    tier3('05', 13_500),
    tier3('06', 13_500),
    tier3('07', 13_500),
    tier3('08', 13_500),
    tier3('09', 13_500),
    tier3('10', 13_500),
  ]);
}

/** 5,000 + 25,000 + 4,500 + 6 × 13,500 − 4,500 = 111,000. */
export const scriptedYearEarnedCents = 111_000;
