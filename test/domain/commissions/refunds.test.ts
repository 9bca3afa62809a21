import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionOfCents, shareOfCents } from '../../../src/commissions/rules/money.js';
import { reversalForRefund } from '../../../src/commissions/rules/refunds.js';

describe('integer money', () => {
  it.each([
    [10_000, 1_500, 1_500],
    [333, 1_500, 49],
    [1, 1_500, 0],
    [7, 10_000, 7],
    [0, 1_500, 0],
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER],
    [Number.MAX_SAFE_INTEGER, 2_000, 1_801_439_850_948_198],
  ])('%i cents at %i basis points is %i cents', (amountCents, rateBasisPoints, expected) => {
    expect(shareOfCents(amountCents, rateBasisPoints)).toBe(expected);
  });

  it('refuses fractional cents and rates out of range', () => {
    expect(() => shareOfCents(1.5, 1_500)).toThrow();
    expect(() => shareOfCents(100, 10_001)).toThrow();
    expect(() => shareOfCents(-1, 1_500)).toThrow();
    expect(() => proportionOfCents(100, 1, 0)).toThrow();
  });
});

describe('refund reversals', () => {
  const base = { invoiceAmountCents: 10_000, earnedCents: 1_500, alreadyReversedCents: 0 };

  it.each([
    ['half refunded takes half back', { ...base, refundedTotalCents: 5_000 }, 750],
    ['one cent refunded floors to nothing', { ...base, refundedTotalCents: 1 }, 0],
    [
      'a 3-cent refund of a 1,500 commission on 10,000 takes 0 (0.45 floors)',
      { ...base, refundedTotalCents: 3 },
      0,
    ],
    ['a full refund takes all back', { ...base, refundedTotalCents: 10_000 }, 1_500],
    [
      'a refund larger than the invoice takes no more than was earned',
      { ...base, refundedTotalCents: 99_999 },
      1_500,
    ],
    [
      'a second refund takes only the difference',
      { ...base, refundedTotalCents: 10_000, alreadyReversedCents: 750 },
      750,
    ],
    [
      'nothing more once all was taken back',
      { ...base, refundedTotalCents: 10_000, alreadyReversedCents: 1_500 },
      0,
    ],
    [
      'a zero-amount invoice has nothing to reverse',
      { ...base, invoiceAmountCents: 0, refundedTotalCents: 0 },
      0,
    ],
    [
      'a capped-to-zero commission has nothing to reverse',
      { ...base, earnedCents: 0, refundedTotalCents: 10_000 },
      0,
    ],
  ])('%s', (_name, input, expected) => {
    expect(reversalForRefund(input)).toBe(expected);
  });

  it('successive partial refunds never reverse more than was earned, and a full refund reverses all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 10 }),
        (invoiceAmountCents, rateBasisPoints, refunds) => {
          const earnedCents = shareOfCents(invoiceAmountCents, rateBasisPoints);
          let refundedTotalCents = 0;
          let reversedCents = 0;
          for (const refundCents of refunds) {
            refundedTotalCents += refundCents;
            const step = reversalForRefund({
              invoiceAmountCents,
              earnedCents,
              refundedTotalCents,
              alreadyReversedCents: reversedCents,
            });
            expect(step).toBeGreaterThanOrEqual(0);
            reversedCents += step;
            expect(reversedCents).toBeLessThanOrEqual(earnedCents);
          }
          const rest = reversalForRefund({
            invoiceAmountCents,
            earnedCents,
            refundedTotalCents: invoiceAmountCents,
            alreadyReversedCents: reversedCents,
          });
          expect(reversedCents + rest).toBe(earnedCents);
        },
      ),
    );
  });
});
