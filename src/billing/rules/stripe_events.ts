import { z } from 'zod';
import { externalIdPattern, externalIdRule, teamIdPattern } from '../../platform/rules/external_ids.js';
import {
  type BillingInterval,
  isEndedStatus,
  programCurrency,
  type RecurringItem,
  type SubscriptionVersion,
  subscriptionMonthlyAmountCents,
  subscriptionVersionRank,
} from './billing.js';

/**
 * Stripe events → billing fact updates. Accepts the shapes of API versions before and after the
 * 2025 changes (docs/billing.md): `invoice.subscription` moved to
 * `invoice.parent.subscription_details.subscription`, `invoice.payment_intent`/`charge` to
 * `invoice.payments`, and a charge no longer names its invoice. Pure.
 */

export type BillingFactUpdate = CustomerUpdate | SubscriptionUpdate | InvoicePaidUpdate | RefundUpdate;

export interface CustomerUpdate {
  kind: 'customer';
  customerId: string;
  teamId: string | null;
  linkedVia: 'api' | 'customer_metadata';
}

export interface SubscriptionUpdate {
  kind: 'subscription';
  source: 'stripe' | 'api';
  subscriptionId: string;
  customerId: string | null;
  teamId: string | null;
  status: string;
  monthlyAmountCents: number;
  currency: string;
  startedAt: Date | null;
  endedAt: Date | null;
  version: SubscriptionVersion;
}

export interface InvoicePaidUpdate {
  kind: 'invoice';
  source: 'stripe' | 'api';
  invoiceId: string;
  customerId: string | null;
  teamId: string | null;
  subscriptionId: string | null;
  amountPaidCents: number;
  currency: string;
  paidAt: Date;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** Payment intents (pi_…) and charges (ch_…) that paid it, for resolving refunds. */
  paymentRefs: string[];
}

export interface RefundUpdate {
  kind: 'refund';
  source: 'stripe' | 'api';
  refundId: string;
  invoiceId: string | null;
  chargeId: string | null;
  paymentIntentId: string | null;
  customerId: string | null;
  amountRefundedCents: number;
  currency: string;
  refundedAt: Date;
}

export type StripeEventReading =
  | { handled: true; updates: BillingFactUpdate[] }
  | { handled: false; reason: string };

export const handledStripeEventTypes = [
  'customer.created',
  'customer.updated',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'charge.refunded',
] as const;

/** Stripe's ids follow the one rule for external ids (letters, digits, `_`; at most 255). */
const stripeId = z.string().regex(externalIdPattern, externalIdRule);

/** An id field that Stripe may send as a string or, when expanded, as an object with an id. */
const expandable = z
  .union([stripeId, z.looseObject({ id: stripeId }), z.null()])
  .optional()
  .transform((value) => (value == null ? null : typeof value === 'string' ? value : value.id));

const unixSeconds = z.number().int().nonnegative();
const optionalUnixSeconds = unixSeconds.nullable().optional();
const metadata = z.record(z.string(), z.unknown()).nullable().optional();
const amountCents = z.number().int().nonnegative();

export const stripeEventSchema = z.looseObject({
  id: stripeId,
  type: z.string().min(1).max(255),
  created: unixSeconds,
  api_version: z.string().nullable().optional(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;

const customerSchema = z.looseObject({ id: stripeId, metadata });

const recurringSchema = z.looseObject({
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: z.number().int().positive().nullable().optional(),
  usage_type: z.string().nullable().optional(),
});

const priceSchema = z.looseObject({
  unit_amount: amountCents.nullable().optional(),
  recurring: recurringSchema.nullable().optional(),
});

/** Older API versions describe the price as a `plan`. */
const planSchema = z.looseObject({
  amount: amountCents.nullable().optional(),
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: z.number().int().positive().nullable().optional(),
  usage_type: z.string().nullable().optional(),
});

const subscriptionItemSchema = z.looseObject({
  quantity: z.number().int().nonnegative().nullable().optional(),
  price: priceSchema.nullable().optional(),
  plan: planSchema.nullable().optional(),
});

const subscriptionSchema = z.looseObject({
  id: stripeId,
  customer: expandable,
  status: z.string().min(1).max(64),
  currency: z.string().nullable().optional(),
  metadata,
  start_date: optionalUnixSeconds,
  created: optionalUnixSeconds,
  ended_at: optionalUnixSeconds,
  canceled_at: optionalUnixSeconds,
  items: z
    .looseObject({ data: z.array(subscriptionItemSchema) })
    .nullable()
    .optional(),
  plan: planSchema.nullable().optional(),
  quantity: z.number().int().nonnegative().nullable().optional(),
});

const invoicePaymentSchema = z.looseObject({
  payment: z.looseObject({ payment_intent: expandable, charge: expandable }).nullable().optional(),
});

const invoiceSchema = z.looseObject({
  id: stripeId,
  customer: expandable,
  currency: z.string().min(1),
  amount_paid: amountCents,
  subscription: expandable,
  payment_intent: expandable,
  charge: expandable,
  metadata,
  parent: z
    .looseObject({
      subscription_details: z.looseObject({ subscription: expandable }).nullable().optional(),
    })
    .nullable()
    .optional(),
  payments: z
    .looseObject({ data: z.array(invoicePaymentSchema) })
    .nullable()
    .optional(),
  status_transitions: z.looseObject({ paid_at: optionalUnixSeconds }).nullable().optional(),
  period_start: optionalUnixSeconds,
  period_end: optionalUnixSeconds,
  lines: z
    .looseObject({
      data: z.array(
        z.looseObject({
          period: z.looseObject({ start: unixSeconds, end: unixSeconds }).nullable().optional(),
        }),
      ),
    })
    .nullable()
    .optional(),
});

const chargeSchema = z.looseObject({
  id: stripeId,
  amount_refunded: amountCents,
  currency: z.string().min(1),
  customer: expandable,
  invoice: expandable,
  payment_intent: expandable,
});

function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** A team id in metadata that breaks the team id rule names no team: the customer stays unlinked. */
function teamIdFrom(meta: Record<string, unknown> | null | undefined): string | null {
  const value = meta?.['teamId'];
  return typeof value === 'string' && teamIdPattern.test(value) ? value : null;
}

function recurringItems(subscription: z.infer<typeof subscriptionSchema>): RecurringItem[] {
  const items: RecurringItem[] = [];
  const rows = subscription.items?.data ?? [];
  const fallback = rows.length === 0 && subscription.plan ? [{ plan: subscription.plan, price: null }] : [];
  for (const row of [...rows, ...fallback]) {
    const quantity = ('quantity' in row ? row.quantity : subscription.quantity) ?? 1;
    const recurring = row.price?.recurring;
    const price = row.price;
    if (price && recurring && price.unit_amount != null) {
      // Metered items have no amount known ahead; they do not count toward the monthly amount.
      if (recurring.usage_type === 'metered') continue;
      items.push({
        unitAmountCents: price.unit_amount,
        quantity,
        interval: recurring.interval as BillingInterval,
        intervalCount: recurring.interval_count ?? 1,
      });
    } else if (row.plan && row.plan.amount != null && row.plan.usage_type !== 'metered') {
      items.push({
        unitAmountCents: row.plan.amount,
        quantity,
        interval: row.plan.interval,
        intervalCount: row.plan.interval_count ?? 1,
      });
    }
  }
  return items;
}

function readSubscription(event: StripeEventEnvelope): StripeEventReading {
  const parsed = subscriptionSchema.safeParse(event.data.object);
  if (!parsed.success) return { handled: false, reason: 'malformed_subscription' };
  const subscription = parsed.data;
  const status = event.type === 'customer.subscription.deleted' ? 'canceled' : subscription.status;
  const eventAt = fromUnix(event.created);
  const endedSeconds = subscription.ended_at ?? subscription.canceled_at;
  const endedAt = isEndedStatus(status) ? (endedSeconds != null ? fromUnix(endedSeconds) : eventAt) : null;
  const startedSeconds = subscription.start_date ?? subscription.created;
  return {
    handled: true,
    updates: [
      {
        kind: 'subscription',
        source: 'stripe',
        subscriptionId: subscription.id,
        customerId: subscription.customer,
        teamId: teamIdFrom(subscription.metadata),
        status,
        monthlyAmountCents: subscriptionMonthlyAmountCents(recurringItems(subscription)),
        currency: (subscription.currency ?? programCurrency).toLowerCase(),
        startedAt: startedSeconds != null ? fromUnix(startedSeconds) : null,
        endedAt,
        version: { at: eventAt, rank: subscriptionVersionRank(status), tiebreak: event.id },
      },
    ],
  };
}

function invoicePeriod(invoice: z.infer<typeof invoiceSchema>): { start: Date | null; end: Date | null } {
  const periods = (invoice.lines?.data ?? []).flatMap((line) => (line.period ? [line.period] : []));
  if (periods.length > 0) {
    return {
      start: fromUnix(Math.min(...periods.map((period) => period.start))),
      end: fromUnix(Math.max(...periods.map((period) => period.end))),
    };
  }
  return {
    start: invoice.period_start != null ? fromUnix(invoice.period_start) : null,
    end: invoice.period_end != null ? fromUnix(invoice.period_end) : null,
  };
}

function readInvoicePaid(event: StripeEventEnvelope): StripeEventReading {
  const parsed = invoiceSchema.safeParse(event.data.object);
  if (!parsed.success) return { handled: false, reason: 'malformed_invoice' };
  const invoice = parsed.data;
  if (!invoice.customer) return { handled: false, reason: 'invoice_without_customer' };
  const paymentRefs = new Set<string>();
  for (const ref of [invoice.payment_intent, invoice.charge]) if (ref) paymentRefs.add(ref);
  for (const entry of invoice.payments?.data ?? []) {
    for (const ref of [entry.payment?.payment_intent, entry.payment?.charge]) if (ref) paymentRefs.add(ref);
  }
  const period = invoicePeriod(invoice);
  const paidSeconds = invoice.status_transitions?.paid_at ?? event.created;
  return {
    handled: true,
    updates: [
      {
        kind: 'invoice',
        source: 'stripe',
        invoiceId: invoice.id,
        customerId: invoice.customer,
        teamId: null,
        subscriptionId: invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null,
        amountPaidCents: invoice.amount_paid,
        currency: invoice.currency.toLowerCase(),
        paidAt: fromUnix(paidSeconds),
        periodStart: period.start,
        periodEnd: period.end,
        paymentRefs: [...paymentRefs].sort(),
      },
    ],
  };
}

function readChargeRefunded(event: StripeEventEnvelope): StripeEventReading {
  const parsed = chargeSchema.safeParse(event.data.object);
  if (!parsed.success) return { handled: false, reason: 'malformed_charge' };
  const charge = parsed.data;
  return {
    handled: true,
    updates: [
      {
        kind: 'refund',
        source: 'stripe',
        refundId: charge.id,
        invoiceId: charge.invoice,
        chargeId: charge.id,
        paymentIntentId: charge.payment_intent,
        customerId: charge.customer,
        amountRefundedCents: charge.amount_refunded,
        currency: charge.currency.toLowerCase(),
        refundedAt: fromUnix(event.created),
      },
    ],
  };
}

function readCustomer(event: StripeEventEnvelope): StripeEventReading {
  const parsed = customerSchema.safeParse(event.data.object);
  if (!parsed.success) return { handled: false, reason: 'malformed_customer' };
  return {
    handled: true,
    updates: [
      {
        kind: 'customer',
        customerId: parsed.data.id,
        teamId: teamIdFrom(parsed.data.metadata),
        linkedVia: 'customer_metadata',
      },
    ],
  };
}

/** What a verified Stripe event says about billing; unknown types are not handled. */
export function readStripeEvent(event: StripeEventEnvelope): StripeEventReading {
  switch (event.type) {
    case 'customer.created':
    case 'customer.updated':
      return readCustomer(event);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return readSubscription(event);
    case 'invoice.paid':
      return readInvoicePaid(event);
    case 'charge.refunded':
      return readChargeRefunded(event);
    default:
      return { handled: false, reason: 'event_type_not_handled' };
  }
}
