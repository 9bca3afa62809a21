/**
 * Billing facts (SPEC §5, §6): what the billing system told us, stored so that the final state
 * does not depend on the order in which it arrived, and the lifecycle transitions they imply.
 * Pure: no database, clock or environment.
 */

/** The program is paid in USD; every amount is integer cents. */
export const programCurrency = 'usd';

export const subscriptionStatuses = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** A subscription in one of these states still bills the team. */
export const liveSubscriptionStatuses: readonly SubscriptionStatus[] = ['trialing', 'active', 'past_due'];
/** A subscription in one of these states has ended for good (Stripe never revives it). */
export const endedSubscriptionStatuses: readonly SubscriptionStatus[] = ['canceled', 'incomplete_expired'];
const liveStatuses: ReadonlySet<string> = new Set(liveSubscriptionStatuses);
const endedStatuses: ReadonlySet<string> = new Set(endedSubscriptionStatuses);

export function isLiveStatus(status: string): boolean {
  return liveStatuses.has(status);
}

export function isEndedStatus(status: string): boolean {
  return endedStatuses.has(status);
}

/**
 * The version of a subscription state: later event time wins; at the same time an ended state
 * wins (it is final), then the greater tie-break string. A total order, so any delivery order
 * keeps the same state.
 */
export interface SubscriptionVersion {
  at: Date;
  rank: number;
  tiebreak: string;
}

export function subscriptionVersionRank(status: string): number {
  return isEndedStatus(status) ? 2 : 1;
}

export function compareSubscriptionVersions(a: SubscriptionVersion, b: SubscriptionVersion): number {
  if (a.at.getTime() !== b.at.getTime()) return a.at.getTime() < b.at.getTime() ? -1 : 1;
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.tiebreak === b.tiebreak) return 0;
  return a.tiebreak < b.tiebreak ? -1 : 1;
}

export interface PaidInvoiceFact {
  invoiceId: string;
  subscriptionId: string | null;
  amountPaidCents: number;
  currency: string;
  paidAt: Date;
}

export interface SubscriptionFact {
  subscriptionId: string;
  status: string;
  monthlyAmountCents: number;
  currency: string;
  endedAt: Date | null;
  version: SubscriptionVersion;
}

export interface RefundFact {
  refundId: string;
  invoiceId: string;
  amountRefundedCents: number;
  currency: string;
  refundedAt: Date;
}

/** Everything known about one team's billing. */
export interface TeamBillingFacts {
  teamId: string;
  invoices: readonly PaidInvoiceFact[];
  subscriptions: readonly SubscriptionFact[];
  refunds: readonly RefundFact[];
}

export interface BillingTransition {
  type: 'paid' | 'churned';
  occurredAt: Date;
  cause: 'invoice_paid' | 'subscription_ended';
  data: Record<string, unknown>;
}

/** The team's first paid invoice (amount above zero): earliest paid time, then smallest id. */
export function firstPaidInvoice(invoices: readonly PaidInvoiceFact[]): PaidInvoiceFact | null {
  let first: PaidInvoiceFact | null = null;
  for (const invoice of invoices) {
    if (invoice.amountPaidCents <= 0) continue;
    if (
      first === null ||
      invoice.paidAt.getTime() < first.paidAt.getTime() ||
      (invoice.paidAt.getTime() === first.paidAt.getTime() && invoice.invoiceId < first.invoiceId)
    ) {
      first = invoice;
    }
  }
  return first;
}

/**
 * When every known subscription of the team has ended: the latest end, and the subscription
 * that ended last. Null while any subscription is not ended or none is known.
 */
export function subscriptionsEnded(
  subscriptions: readonly SubscriptionFact[],
): { endedAt: Date; subscriptionId: string } | null {
  if (subscriptions.length === 0) return null;
  let last: { endedAt: Date; subscriptionId: string } | null = null;
  for (const subscription of subscriptions) {
    if (!isEndedStatus(subscription.status)) return null;
    const endedAt = subscription.endedAt ?? subscription.version.at;
    if (last === null || endedAt.getTime() > last.endedAt.getTime()) {
      last = { endedAt, subscriptionId: subscription.subscriptionId };
    }
  }
  return last;
}

/**
 * The lifecycle transitions the facts imply, in the order to append them: `paid` at the first
 * paid invoice; `churned` when the team has paid and all its subscriptions have ended. A
 * subscription that ends before any invoice is paid (an abandoned trial) is not churn of a
 * paying team, and deferring it until `paid` keeps the outcome independent of delivery order:
 * `churned` is terminal, so appending it first would shut out a late `invoice.paid`.
 */
export function billingTransitions(facts: TeamBillingFacts): BillingTransition[] {
  const paid = firstPaidInvoice(facts.invoices);
  if (paid === null) return [];
  const transitions: BillingTransition[] = [
    {
      type: 'paid',
      occurredAt: paid.paidAt,
      cause: 'invoice_paid',
      data: { invoiceId: paid.invoiceId, amountPaidCents: paid.amountPaidCents, currency: paid.currency },
    },
  ];
  const ended = subscriptionsEnded(facts.subscriptions);
  if (ended !== null) {
    transitions.push({
      type: 'churned',
      occurredAt: ended.endedAt,
      cause: 'subscription_ended',
      data: { subscriptionId: ended.subscriptionId },
    });
  }
  return transitions;
}

/** Whether the team has a subscription that still bills it. */
export function hasLiveSubscription(subscriptions: readonly SubscriptionFact[]): boolean {
  return subscriptions.some((subscription) => isLiveStatus(subscription.status));
}

export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export interface RecurringItem {
  unitAmountCents: number;
  quantity: number;
  interval: BillingInterval;
  intervalCount: number;
}

/**
 * One item's amount per month, floored to the cent: a year is 12 months, a week 52/12 of a
 * month and a day 365/12 of a month. Integer arithmetic only.
 */
export function monthlyAmountCents(item: RecurringItem): number {
  const perInterval = item.unitAmountCents * item.quantity;
  const count = Math.max(1, item.intervalCount);
  switch (item.interval) {
    case 'month':
      return Math.floor(perInterval / count);
    case 'year':
      return Math.floor(perInterval / (12 * count));
    case 'week':
      return Math.floor((perInterval * 52) / (12 * count));
    case 'day':
      return Math.floor((perInterval * 365) / (12 * count));
  }
}

export function subscriptionMonthlyAmountCents(items: readonly RecurringItem[]): number {
  return items.reduce((total, item) => total + monthlyAmountCents(item), 0);
}
