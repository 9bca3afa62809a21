import { assertCents, proportionOfCents } from './money.js';

/**
 * How much of an invoice's commission a refund takes back. Computed on the cumulative refunded
 * total, so several partial refunds never drift from one refund of the same sum: the total
 * reversed is floor(earned × min(refunded, invoice) / invoice), never more than was earned.
 */
export function reversalForRefund(input: {
  invoiceAmountCents: number;
  /** What the commission earned from the invoice (after caps). */
  earnedCents: number;
  /** Everything refunded on the invoice so far, this refund included. */
  refundedTotalCents: number;
  /** What earlier reversals of this commission already took back. */
  alreadyReversedCents: number;
}): number {
  assertCents(input.invoiceAmountCents, 'invoiceAmountCents');
  assertCents(input.earnedCents, 'earnedCents');
  assertCents(input.refundedTotalCents, 'refundedTotalCents');
  assertCents(input.alreadyReversedCents, 'alreadyReversedCents');
  if (input.invoiceAmountCents <= 0 || input.earnedCents <= 0) return 0;
  const refundedCents = Math.min(Math.max(0, input.refundedTotalCents), input.invoiceAmountCents);
  const targetCents = proportionOfCents(input.earnedCents, refundedCents, input.invoiceAmountCents);
  const remainingCents = Math.max(0, input.earnedCents - input.alreadyReversedCents);
  return Math.min(Math.max(0, targetCents - input.alreadyReversedCents), remainingCents);
}
