import type { ProgramSettings } from '../../settings/rules/program_settings.js';
import { addCalendarMonths, calendarMonthKey, isWithinHalfOpen } from './calendar_months.js';
import { applyCap, type CappedAmount } from './caps.js';
import { assertCents, shareOfCents } from './money.js';
import type { RevenueShareTier } from './tiers.js';

export interface PaidInvoice {
  id: string;
  amountCents: number;
  paidAt: Date;
}

/** The invoices that earn a revenue share: from `startInvoiceId`'s payment until `end` (exclusive; null = for life). */
export interface RevenueShareWindow {
  startInvoiceId: string;
  start: Date;
  end: Date | null;
}

type RevenueShareSettings = Pick<
  ProgramSettings,
  | 'tier3RateBasisPoints'
  | 'tier3MonthlyPaidThresholdCents'
  | 'tier3DurationMonths'
  | 'tier3AffiliateMonthlyCapCents'
  | 'tier4RateBasisPoints'
  | 'tier4DurationMonths'
  | 'tier4AgencyMonthlyCapCents'
  | 'contentRateBasisPoints'
  | 'contentAccountCeilingCents'
>;

/** Payment order: by time, then by id so that invoices paid in the same millisecond have one order. */
export function inPaymentOrder(invoices: readonly PaidInvoice[]): PaidInvoice[] {
  return [...invoices].sort(
    (a, b) => a.paidAt.getTime() - b.paidAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Where a revenue share's window starts and how long it lasts. Tier 3 starts with the paid invoice
 * that first takes the account's paid total in one UTC calendar month above the threshold
 * (strictly: $500.00 is not above $500) and lasts `tier3DurationMonths`; Tier 4 starts with the
 * first paid invoice (any month above zero) and lasts `tier4DurationMonths`; the content share
 * starts there too and lasts for life (null). The reconciliation's SQL takes these per settings
 * version as parameters, so the rule lives here only.
 */
export function revenueShareWindowRule(
  tier: RevenueShareTier,
  settings: RevenueShareSettings,
): { monthlyPaidAboveCents: number; durationMonths: number | null } {
  if (tier === 'tier3') {
    return {
      monthlyPaidAboveCents: settings.tier3MonthlyPaidThresholdCents,
      durationMonths: settings.tier3DurationMonths,
    };
  }
  if (tier === 'tier4') return { monthlyPaidAboveCents: 0, durationMonths: settings.tier4DurationMonths };
  return { monthlyPaidAboveCents: 0, durationMonths: null };
}

/**
 * The window `tier` opens on the account's paid history: from the invoice that first takes a UTC
 * calendar month's paid total above the rule's amount, until the same date the rule's months
 * later (exclusive; null = for life). Null while no month went above it.
 */
export function revenueShareWindow(
  tier: RevenueShareTier,
  invoices: readonly PaidInvoice[],
  settings: RevenueShareSettings,
): RevenueShareWindow | null {
  const rule = revenueShareWindowRule(tier, settings);
  const paidInMonthCents = new Map<string, number>();
  for (const invoice of inPaymentOrder(invoices)) {
    const month = calendarMonthKey(invoice.paidAt);
    const totalCents = (paidInMonthCents.get(month) ?? 0) + invoice.amountCents;
    paidInMonthCents.set(month, totalCents);
    if (totalCents > rule.monthlyPaidAboveCents) {
      const end =
        rule.durationMonths === null ? null : addCalendarMonths(invoice.paidAt, rule.durationMonths);
      return { startInvoiceId: invoice.id, start: invoice.paidAt, end };
    }
  }
  return null;
}

/** The Tier 3 window (see `revenueShareWindow`). */
export function tier3Window(
  invoices: readonly PaidInvoice[],
  settings: RevenueShareSettings,
): RevenueShareWindow | null {
  return revenueShareWindow('tier3', invoices, settings);
}

export function revenueShareRateBasisPoints(tier: RevenueShareTier, settings: RevenueShareSettings): number {
  if (tier === 'tier3') return settings.tier3RateBasisPoints;
  if (tier === 'tier4') return settings.tier4RateBasisPoints;
  return settings.contentRateBasisPoints;
}

/** Tier 3 caps per affiliate per calendar month, Tier 4 per agency per calendar month, content per account for life. */
export function revenueShareCapCents(tier: RevenueShareTier, settings: RevenueShareSettings): number {
  if (tier === 'tier3') return settings.tier3AffiliateMonthlyCapCents;
  if (tier === 'tier4') return settings.tier4AgencyMonthlyCapCents;
  return settings.contentAccountCeilingCents;
}

export type RevenueShareDecision =
  | ({ earns: true; tier: RevenueShareTier; rateBasisPoints: number; uncappedCents: number } & CappedAmount)
  | { earns: false; reason: 'not_in_window' | 'zero_amount' };

/**
 * What one paid invoice earns. `invoices` is the account's paid history including `invoice`;
 * `alreadyGrantedInCapPeriodCents` is what the same cap already granted (the affiliate's Tier 3
 * this calendar month, the agency's Tier 4 this calendar month, or the account's content share ever).
 */
export function revenueShareForInvoice(input: {
  tier: RevenueShareTier;
  invoice: PaidInvoice;
  invoices: readonly PaidInvoice[];
  alreadyGrantedInCapPeriodCents: number;
  settings: RevenueShareSettings;
}): RevenueShareDecision {
  const { tier, invoice, settings } = input;
  assertCents(invoice.amountCents, 'invoice.amountCents');
  if (invoice.amountCents <= 0) return { earns: false, reason: 'zero_amount' };
  const history = input.invoices.some((known) => known.id === invoice.id)
    ? input.invoices
    : [...input.invoices, invoice];
  const window = revenueShareWindow(tier, history, settings);
  if (!window || !invoiceInWindow(invoice, history, window)) return { earns: false, reason: 'not_in_window' };
  const rateBasisPoints = revenueShareRateBasisPoints(tier, settings);
  const uncappedCents = shareOfCents(invoice.amountCents, rateBasisPoints);
  const capped = applyCap({
    amountCents: uncappedCents,
    capCents: revenueShareCapCents(tier, settings),
    alreadyCents: input.alreadyGrantedInCapPeriodCents,
  });
  return { earns: true, tier, rateBasisPoints, uncappedCents, ...capped };
}

/** At or after the window's first invoice in payment order, and paid before its end. */
function invoiceInWindow(
  invoice: PaidInvoice,
  history: readonly PaidInvoice[],
  window: RevenueShareWindow,
): boolean {
  const ordered = inPaymentOrder(history);
  const position = ordered.findIndex((known) => known.id === invoice.id);
  const startPosition = ordered.findIndex((known) => known.id === window.startInvoiceId);
  if (position < startPosition) return false;
  return window.end === null || isWithinHalfOpen(invoice.paidAt, window.start, window.end);
}
