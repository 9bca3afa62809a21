import { isWithinHalfOpen } from './calendar_months.js';
import { inPaymentOrder, type PaidInvoice, revenueShareWindow } from './revenue_share.js';
import type { RevenueShareTier } from './tiers.js';

/**
 * What a team's facts make due, decided from all of them at once so that the outcome does not
 * depend on the order in which the facts arrived. Pure: the use case gathers facts and applies
 * the decisions with the ledger.
 */

type WindowSettings = Parameters<typeof revenueShareWindow>[2];

/**
 * Whether an invoice lies in the revenue share window the whole history implies (the settings in
 * force when it was paid). An invoice that arrived before older ones may have been granted under
 * a window that the older ones moved earlier: this says it no longer earns.
 */
export function invoiceEarnsRevenueShare(input: {
  tier: RevenueShareTier;
  invoice: PaidInvoice;
  invoices: readonly PaidInvoice[];
  settings: WindowSettings;
}): boolean {
  if (input.invoice.amountCents <= 0) return false;
  const window = revenueShareWindow(input.tier, input.invoices, input.settings);
  if (!window) return false;
  const ordered = inPaymentOrder(input.invoices);
  const position = ordered.findIndex((known) => known.id === input.invoice.id);
  const startPosition = ordered.findIndex((known) => known.id === window.startInvoiceId);
  if (position < 0 || position < startPosition) return false;
  return window.end === null || isWithinHalfOpen(input.invoice.paidAt, window.start, window.end);
}

/**
 * Everything refunded on each invoice. Stripe reports one cumulative amount per charge, the plain
 * billing API one amount per refund: either way the invoice's total is the sum over its rows.
 */
export function refundedTotalsByInvoice(
  refunds: ReadonlyArray<{ invoiceId: string; amountRefundedCents: number }>,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const refund of refunds) {
    totals.set(refund.invoiceId, (totals.get(refund.invoiceId) ?? 0) + refund.amountRefundedCents);
  }
  return totals;
}

/** The last UTC day (`YYYY-MM-DD`) that began before `asOf`: the active days counted as of then. */
export function lastUtcDayBefore(asOf: Date): string {
  return new Date(asOf.getTime() - 1).toISOString().slice(0, 10);
}

/** The reversal id of a refund reversal: one per cumulative refunded total, so a repeat replays. */
export function refundReversalId(refundedTotalCents: number): string {
  return `refund:${refundedTotalCents}`;
}

/** A granted revenue share whose invoice left the window is taken back once, whole. */
export const outOfWindowReversalId = 'window';
