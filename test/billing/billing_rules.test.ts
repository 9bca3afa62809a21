import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  billingTransitions,
  monthlyAmountCents,
  type PaidInvoiceFact,
  type SubscriptionFact,
} from '../../src/billing/rules/billing.js';
import { evaluateSustained } from '../../src/usage/rules/sustained.js';

const day = (offset: number, from = '2026-01-10') =>
  new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

describe('monthly amount of a subscription item', () => {
  it.each([
    [{ unitAmountCents: 2_000, quantity: 3, interval: 'month', intervalCount: 1 }, 6_000],
    [{ unitAmountCents: 120_000, quantity: 1, interval: 'year', intervalCount: 1 }, 10_000],
    [{ unitAmountCents: 10_000, quantity: 1, interval: 'month', intervalCount: 3 }, 3_333],
    [{ unitAmountCents: 1_000, quantity: 2, interval: 'week', intervalCount: 1 }, 8_666],
    [{ unitAmountCents: 100, quantity: 1, interval: 'day', intervalCount: 1 }, 3_041],
  ] as const)('%o → %i cents (floored)', (item, expected) => {
    expect(monthlyAmountCents(item)).toBe(expected);
  });
});

describe('billing transitions', () => {
  const invoice = (id: string, paidAt: string, amountPaidCents = 1_000): PaidInvoiceFact => ({
    invoiceId: id,
    subscriptionId: 'sub',
    amountPaidCents,
    currency: 'usd',
    paidAt: new Date(paidAt),
  });
  const subscription = (status: string, endedAt: string | null): SubscriptionFact => ({
    subscriptionId: 'sub',
    status,
    monthlyAmountCents: 1_000,
    currency: 'usd',
    endedAt: endedAt ? new Date(endedAt) : null,
    version: { at: new Date('2026-01-01T00:00:00Z'), rank: 1, tiebreak: '' },
  });

  it('is paid at the earliest invoice with money paid, whatever the list order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }), (order) => {
        const invoices = [
          invoice('in_zero', '2026-01-01T00:00:00Z', 0),
          invoice('in_b', '2026-02-01T00:00:00Z'),
          invoice('in_a', '2026-03-01T00:00:00Z'),
        ];
        const transitions = billingTransitions({
          teamId: 't',
          invoices: order.map((index) => invoices[index]!),
          subscriptions: [],
          refunds: [],
        });
        expect(transitions).toEqual([
          expect.objectContaining({ type: 'paid', occurredAt: new Date('2026-02-01T00:00:00Z') }),
        ]);
      }),
    );
  });

  it('churns only a team that paid, once every subscription has ended', () => {
    const ended = subscription('canceled', '2026-04-01T00:00:00Z');
    expect(billingTransitions({ teamId: 't', invoices: [], subscriptions: [ended], refunds: [] })).toEqual(
      [],
    );
    const paidAndEnded = billingTransitions({
      teamId: 't',
      invoices: [invoice('in_1', '2026-02-01T00:00:00Z')],
      subscriptions: [ended, { ...subscription('active', null), subscriptionId: 'sub_2' }],
      refunds: [],
    });
    expect(paidAndEnded.map((transition) => transition.type)).toEqual(['paid']);
    const allEnded = billingTransitions({
      teamId: 't',
      invoices: [invoice('in_1', '2026-02-01T00:00:00Z')],
      subscriptions: [ended],
      refunds: [],
    });
    expect(allEnded.at(-1)).toMatchObject({ type: 'churned', occurredAt: new Date('2026-04-01T00:00:00Z') });
  });
});

describe('sustained rule', () => {
  const paidAt = new Date('2026-01-10T15:00:00Z');
  const base = { paidAt, sustainedDays: 90, subscriptionLive: true };
  const everyPeriod = [day(3), day(40), day(75)];

  it('holds after more than 90 days with a call in each 30-day period and a live subscription', () => {
    const verdict = evaluateSustained({
      ...base,
      asOf: new Date('2026-04-11T00:00:00Z'),
      activeDays: everyPeriod,
    });
    expect(verdict).toEqual({ sustained: true, occurredAt: new Date('2026-04-10T15:00:00Z') });
  });

  it('waits until the 90 days are over', () => {
    const verdict = evaluateSustained({
      ...base,
      asOf: new Date('2026-04-10T15:00:00Z'),
      activeDays: everyPeriod,
    });
    expect(verdict).toMatchObject({ sustained: false, reason: 'too_early' });
  });

  it('refuses a team without a live subscription', () => {
    const verdict = evaluateSustained({
      ...base,
      subscriptionLive: false,
      asOf: new Date('2026-06-01T00:00:00Z'),
      activeDays: everyPeriod,
    });
    expect(verdict).toMatchObject({ sustained: false, reason: 'subscription_not_live' });
  });

  it('names the first 30-day period without a call', () => {
    for (const [missing, activeDays] of [
      [0, [day(30), day(60)]],
      [1, [day(29), day(60)]],
      [2, [day(0), day(59), day(90)]],
    ] as const) {
      const verdict = evaluateSustained({ ...base, asOf: new Date('2026-06-01T00:00:00Z'), activeDays });
      expect(verdict).toEqual({ sustained: false, reason: 'inactive_period', inactivePeriodIndex: missing });
    }
  });

  it('does not depend on the order of the active days, and calls before paying never count', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -40, max: 120 }), { maxLength: 20 }), (offsets) => {
        const activeDays = offsets.map((offset) => day(offset));
        const asOf = new Date('2026-06-01T00:00:00Z');
        const verdict = evaluateSustained({ ...base, asOf, activeDays });
        const reversed = evaluateSustained({ ...base, asOf, activeDays: [...activeDays].reverse() });
        expect(reversed).toEqual(verdict);
        const expected = [0, 1, 2].every((period) =>
          offsets.some((offset) => offset >= period * 30 && offset < (period + 1) * 30),
        );
        expect(verdict.sustained).toBe(expected);
      }),
    );
  });
});
