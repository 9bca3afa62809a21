import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCap } from '../../../src/commissions/rules/caps.js';
import { shareOfCents } from '../../../src/commissions/rules/money.js';
import {
  type PaidInvoice,
  revenueShareForInvoice,
  tier3Window,
} from '../../../src/commissions/rules/revenue_share.js';
import type { RevenueShareTier } from '../../../src/commissions/rules/tiers.js';
import { defaultProgramSettings as settings } from '../../../src/settings/rules/program_settings.js';

const inv = (id: string, amountCents: number, paidAt: string): PaidInvoice => ({
  id,
  amountCents,
  paidAt: new Date(paidAt),
});

function earned(tier: RevenueShareTier, invoices: PaidInvoice[], id: string, alreadyCents = 0) {
  const invoice = invoices.find((candidate) => candidate.id === id)!;
  const decision = revenueShareForInvoice({
    tier,
    invoice,
    invoices,
    alreadyGrantedInCapPeriodCents: alreadyCents,
    settings,
  });
  return decision.earns ? { granted: decision.grantedCents, capped: decision.cappedCents } : decision.reason;
}

describe('Tier 3 revenue share', () => {
  it.each<[string, PaidInvoice[], string, ReturnType<typeof earned>]>([
    [
      '$500.00 in a month is not above $500',
      [inv('a', 50_000, '2026-02-10T00:00:00Z')],
      'a',
      'not_in_window',
    ],
    [
      '$500.01 in a month starts it: 15 % floored',
      [inv('a', 50_001, '2026-02-10T00:00:00Z')],
      'a',
      { granted: 7_500, capped: 0 },
    ],
    [
      'the invoice that takes the month above $500 earns; the earlier one does not',
      [inv('a', 30_000, '2026-02-01T00:00:00Z'), inv('b', 20_001, '2026-02-20T00:00:00Z')],
      'b',
      { granted: 3_000, capped: 0 },
    ],
    [
      'an invoice before the qualifying one earns nothing',
      [inv('a', 30_000, '2026-02-01T00:00:00Z'), inv('b', 20_001, '2026-02-20T00:00:00Z')],
      'a',
      'not_in_window',
    ],
    [
      'two months of $300 straddling a UTC month boundary never qualify',
      [inv('a', 30_000, '2026-01-31T23:59:59.999Z'), inv('b', 30_000, '2026-02-01T00:00:00.000Z')],
      'b',
      'not_in_window',
    ],
    [
      'an invoice the last millisecond before six months earns',
      [inv('a', 60_000, '2026-01-15T10:00:00Z'), inv('b', 10_000, '2026-07-15T09:59:59.999Z')],
      'b',
      { granted: 1_500, capped: 0 },
    ],
    [
      'an invoice paid exactly six months later earns nothing (half-open)',
      [inv('a', 60_000, '2026-01-15T10:00:00Z'), inv('b', 10_000, '2026-07-15T10:00:00Z')],
      'b',
      'not_in_window',
    ],
    [
      'Aug 31 + 6 months ends on Feb 28: an invoice then earns nothing',
      [inv('a', 60_000, '2026-08-31T00:00:00Z'), inv('b', 10_000, '2027-02-28T00:00:00Z')],
      'b',
      'not_in_window',
    ],
    [
      'a later month under $500 still earns inside the window',
      [inv('a', 60_000, '2026-01-15T00:00:00Z'), inv('b', 100, '2026-03-15T00:00:00Z')],
      'b',
      { granted: 15, capped: 0 },
    ],
    [
      'rounding floors to the cent: 15 % of 333 is 49',
      [inv('x', 49_999, '2026-02-01T00:00:00Z'), inv('a', 333, '2026-02-02T00:00:00Z')],
      'a',
      { granted: 49, capped: 0 },
    ],
    [
      'a zero-amount invoice earns nothing',
      [inv('a', 60_000, '2026-02-01T00:00:00Z'), inv('z', 0, '2026-02-02T00:00:00Z')],
      'z',
      'zero_amount',
    ],
  ])('%s', (_name, invoices, id, expected) => {
    expect(earned('tier3', invoices, id)).toEqual(expected);
  });

  it('cuts a commission that would cross the $2,000 monthly cap to what is left, recording the rest', () => {
    const invoices = [inv('a', 100_000, '2026-02-01T00:00:00Z')];
    expect(earned('tier3', invoices, 'a', 195_000)).toEqual({ granted: 5_000, capped: 10_000 });
    expect(earned('tier3', invoices, 'a', 200_000)).toEqual({ granted: 0, capped: 15_000 });
    expect(earned('tier3', invoices, 'a', 185_000)).toEqual({ granted: 15_000, capped: 0 });
  });

  it('starts with the earliest qualifying month, ordered by payment time then id', () => {
    const window = tier3Window(
      [inv('b', 50_001, '2026-03-01T00:00:00Z'), inv('a', 50_001, '2026-02-01T00:00:00Z')],
      settings,
    );
    expect(window?.startInvoiceId).toBe('a');
    expect(window?.end?.toISOString()).toBe('2026-08-01T00:00:00.000Z');
  });
});

describe('Tier 4 agency share', () => {
  it.each<[string, PaidInvoice[], string, ReturnType<typeof earned>]>([
    [
      'the first paid invoice earns 20 %',
      [inv('a', 20_000, '2026-01-31T00:00:00Z')],
      'a',
      { granted: 4_000, capped: 0 },
    ],
    [
      'an invoice the day before 12 months earns',
      [inv('a', 20_000, '2026-01-31T00:00:00Z'), inv('b', 20_000, '2027-01-30T23:59:59Z')],
      'b',
      { granted: 4_000, capped: 0 },
    ],
    [
      'an invoice exactly 12 months later earns nothing',
      [inv('a', 20_000, '2026-01-31T00:00:00Z'), inv('b', 20_000, '2027-01-31T00:00:00Z')],
      'b',
      'not_in_window',
    ],
    [
      'a zero-amount first invoice does not start the 12 months',
      [
        inv('z', 0, '2025-01-01T00:00:00Z'),
        inv('a', 20_000, '2026-01-31T00:00:00Z'),
        inv('b', 20_000, '2026-06-01T00:00:00Z'),
      ],
      'b',
      { granted: 4_000, capped: 0 },
    ],
  ])('%s', (_name, invoices, id, expected) => {
    expect(earned('tier4', invoices, id)).toEqual(expected);
  });

  it('caps at $5,000 per agency per month', () => {
    expect(earned('tier4', [inv('a', 100_000, '2026-01-01T00:00:00Z')], 'a', 490_000)).toEqual({
      granted: 10_000,
      capped: 10_000,
    });
  });
});

describe('content lifetime share', () => {
  it('earns 15 % for the life of the account', () => {
    const invoices = [inv('a', 1_000, '2026-01-01T00:00:00Z'), inv('b', 1_000, '2036-01-01T00:00:00Z')];
    expect(earned('content', invoices, 'b')).toEqual({ granted: 150, capped: 0 });
  });

  it('stops at the $1,500 ceiling per account, mid-invoice', () => {
    const invoices = [inv('a', 1_000, '2026-01-01T00:00:00Z')];
    expect(earned('content', invoices, 'a', 149_990)).toEqual({ granted: 10, capped: 140 });
    expect(earned('content', invoices, 'a', 150_000)).toEqual({ granted: 0, capped: 150 });
  });
});

describe('revenue share properties', () => {
  const tiers = fc.constantFrom<RevenueShareTier>('tier3', 'tier4', 'content');
  const invoiceArb = fc.record({
    id: fc.uuid(),
    amountCents: fc.integer({ min: 0, max: 10_000_000 }),
    paidAt: fc.date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2026-03-31T23:59:59Z'),
      noInvalidDate: true,
    }),
  });

  it('never pays more than rate × amount, and granted + capped is the uncapped share', () => {
    fc.assert(
      fc.property(
        tiers,
        fc.array(invoiceArb, { minLength: 1, maxLength: 12 }),
        fc.nat(300_000),
        (tier, invoices, already) => {
          for (const invoice of invoices) {
            const decision = revenueShareForInvoice({
              tier,
              invoice,
              invoices,
              alreadyGrantedInCapPeriodCents: already,
              settings,
            });
            if (!decision.earns) continue;
            expect(decision.grantedCents).toBeLessThanOrEqual(
              shareOfCents(invoice.amountCents, decision.rateBasisPoints),
            );
            expect(decision.grantedCents + decision.cappedCents).toBe(decision.uncappedCents);
            expect(decision.grantedCents).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('never lets a month of Tier 3 grants pass the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 40 }), (amounts) => {
        const invoices = amounts.map((amountCents, index) =>
          inv(
            `i${String(index).padStart(3, '0')}`,
            amountCents,
            `2026-05-${String(1 + (index % 28)).padStart(2, '0')}T00:00:00Z`,
          ),
        );
        let grantedCents = 0;
        for (const invoice of invoices) {
          const decision = revenueShareForInvoice({
            tier: 'tier3',
            invoice,
            invoices,
            alreadyGrantedInCapPeriodCents: grantedCents,
            settings,
          });
          if (decision.earns) grantedCents += decision.grantedCents;
        }
        expect(grantedCents).toBeLessThanOrEqual(settings.tier3AffiliateMonthlyCapCents);
      }),
    );
  });

  it('applyCap splits every amount exactly', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.nat(10_000_000),
        fc.nat(10_000_000),
        (amountCents, capCents, alreadyCents) => {
          const { grantedCents, cappedCents } = applyCap({ amountCents, capCents, alreadyCents });
          expect(grantedCents + cappedCents).toBe(amountCents);
          expect(grantedCents).toBeLessThanOrEqual(Math.max(0, capCents - alreadyCents));
          expect(cappedCents).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
