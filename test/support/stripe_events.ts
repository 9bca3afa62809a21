import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import type { TestApp } from './app.js';

/**
 * Realistic Stripe webhook payloads, built from Stripe's published example objects
 * (test/fixtures/stripe/objects.json) with the fields under test replaced, and signed the way
 * Stripe signs them.
 */
export const testWebhookSecret = 'whsec_test_0123456789abcdefghijklmnopqrstuv';

type StripeObject = Record<string, unknown>;

const examples = JSON.parse(
  readFileSync(new URL('../fixtures/stripe/objects.json', import.meta.url), 'utf8'),
) as Record<'customer' | 'subscription' | 'invoice' | 'invoice_payment' | 'charge', StripeObject>;

function example(name: keyof typeof examples): StripeObject {
  return structuredClone(examples[name]);
}

export function unix(time: Date | string): number {
  return Math.floor(new Date(time).getTime() / 1000);
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
}

/** API versions whose shapes the builders produce: before and after the 2025 invoice changes. */
export const legacyApiVersion = '2024-06-20';
export const currentApiVersion = '2025-08-27.basil';

export function stripeEvent(
  id: string,
  type: string,
  created: Date | string,
  object: StripeObject,
  apiVersion = currentApiVersion,
): StripeEvent {
  return {
    id,
    object: 'event',
    api_version: apiVersion,
    created: unix(created),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export function customerObject(options: { customerId: string; teamId?: string; created: Date | string }) {
  const customer = example('customer');
  customer['id'] = options.customerId;
  customer['created'] = unix(options.created);
  customer['metadata'] = options.teamId ? { teamId: options.teamId } : {};
  return customer;
}

export function subscriptionObject(options: {
  subscriptionId: string;
  customerId: string;
  status: string;
  unitAmountCents: number;
  quantity: number;
  interval?: 'day' | 'week' | 'month' | 'year';
  teamId?: string;
  startedAt: Date | string;
  endedAt?: Date | string;
}) {
  const subscription = example('subscription');
  const items = subscription['items'] as { data: Array<Record<string, unknown>> };
  const item = items.data[0]!;
  const price = item['price'] as Record<string, unknown>;
  price['unit_amount'] = options.unitAmountCents;
  price['unit_amount_decimal'] = String(options.unitAmountCents);
  price['recurring'] = {
    ...(price['recurring'] as object),
    interval: options.interval ?? 'month',
    interval_count: 1,
  };
  item['quantity'] = options.quantity;
  item['subscription'] = options.subscriptionId;
  Object.assign(subscription, {
    id: options.subscriptionId,
    customer: options.customerId,
    status: options.status,
    metadata: options.teamId ? { teamId: options.teamId } : {},
    start_date: unix(options.startedAt),
    created: unix(options.startedAt),
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: options.endedAt ? unix(options.endedAt) : null,
    ended_at: options.endedAt ? unix(options.endedAt) : null,
  });
  return subscription;
}

/**
 * A paid invoice. `legacy` is the shape before 2025 (`subscription`, `payment_intent` and
 * `charge` on the invoice); `current` names the subscription under `parent.subscription_details`
 * and its payments under `payments`.
 */
export function paidInvoiceObject(options: {
  shape: 'legacy' | 'current';
  invoiceId: string;
  customerId: string;
  subscriptionId: string;
  amountPaidCents: number;
  paidAt: Date | string;
  paymentIntentId: string;
  chargeId?: string;
  currency?: string;
}) {
  const invoice = example('invoice');
  const paidAt = unix(options.paidAt);
  const lines = invoice['lines'] as { data: Array<Record<string, unknown>> };
  lines.data[0]!['period'] = { start: paidAt, end: paidAt + 30 * 86_400 };
  lines.data[0]!['invoice'] = options.invoiceId;
  lines.data[0]!['amount'] = options.amountPaidCents;
  Object.assign(invoice, {
    id: options.invoiceId,
    customer: options.customerId,
    currency: options.currency ?? 'usd',
    amount_due: options.amountPaidCents,
    amount_paid: options.amountPaidCents,
    amount_remaining: 0,
    status: 'paid',
    billing_reason: 'subscription_cycle',
    status_transitions: {
      finalized_at: paidAt,
      marked_uncollectible_at: null,
      paid_at: paidAt,
      voided_at: null,
    },
  });
  if (options.shape === 'legacy') {
    delete invoice['parent'];
    Object.assign(invoice, {
      subscription: options.subscriptionId,
      payment_intent: options.paymentIntentId,
      charge: options.chargeId ?? null,
    });
  } else {
    delete invoice['subscription'];
    const payment = example('invoice_payment');
    Object.assign(payment, {
      id: `inpay_${options.invoiceId}`,
      invoice: options.invoiceId,
      amount_paid: options.amountPaidCents,
      amount_requested: options.amountPaidCents,
      currency: options.currency ?? 'usd',
      status: 'paid',
      payment: { type: 'payment_intent', payment_intent: options.paymentIntentId },
    });
    invoice['parent'] = {
      quote_details: null,
      subscription_details: { metadata: {}, subscription: options.subscriptionId },
      type: 'subscription_details',
    };
    invoice['payments'] = { object: 'list', data: [payment], has_more: false, url: '/v1/invoice_payments' };
  }
  return invoice;
}

/** A refunded charge: `legacy` names its invoice, `current` only its payment intent. */
export function refundedChargeObject(options: {
  shape: 'legacy' | 'current';
  chargeId: string;
  customerId: string;
  paymentIntentId: string;
  invoiceId?: string;
  amountCents: number;
  amountRefundedCents: number;
}) {
  const charge = example('charge');
  Object.assign(charge, {
    id: options.chargeId,
    customer: options.customerId,
    amount: options.amountCents,
    amount_captured: options.amountCents,
    amount_refunded: options.amountRefundedCents,
    captured: true,
    refunded: options.amountRefundedCents === options.amountCents,
    payment_intent: options.paymentIntentId,
  });
  if (options.shape === 'legacy') charge['invoice'] = options.invoiceId ?? null;
  else delete charge['invoice'];
  return charge;
}

export function signedHeader(payload: string, timestamp: Date, secret = testWebhookSecret): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: unix(timestamp) });
}

/**
 * Posts the event as Stripe would: the exact bytes, signed with the real time of sending (also
 * when the program runs on a simulated clock, as with Stripe's test clocks).
 */
export function deliver(
  t: TestApp,
  event: StripeEvent | string,
  options: { signedAt?: Date; secret?: string; header?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const header =
    options.header === undefined
      ? signedHeader(payload, options.signedAt ?? new Date(), options.secret)
      : options.header;
  return t.call({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    auth: null,
    payload,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(header === null ? {} : { 'stripe-signature': header }),
    },
  });
}

/** A team, created the way the EmDash backend creates one: through the signup call. */
export async function signUpTeam(t: TestApp, teamId: string, occurredAt?: Date): Promise<void> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/track/signup',
    payload: {
      teamId,
      email: `owner@${teamId.toLowerCase().replaceAll(/[^a-z0-9]/g, '')}.example.com`,
      ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
    },
  });
  if (response.statusCode !== 200) throw new Error(`signup of ${teamId} failed: ${response.body}`);
}

export async function lifecycleOf(
  t: TestApp,
  teamId: string,
): Promise<{ status: string; events: Array<{ type: string; occurredAt: string; cause: string }> }> {
  const [team] = await t.context.db.query<{ status: string }>('SELECT status FROM teams WHERE id = $1', [
    teamId,
  ]);
  const events = await t.context.db.query<{ type: string; occurred_at: Date; cause: string }>(
    'SELECT type, occurred_at, cause FROM referral_events WHERE team_id = $1 ORDER BY id',
    [teamId],
  );
  return {
    status: team?.status ?? 'missing',
    events: events.map((event) => ({
      type: event.type,
      occurredAt: event.occurred_at.toISOString(),
      cause: event.cause,
    })),
  };
}

/** Row counts of every billing table: what a refused request must leave untouched. */
export async function billingRowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'billing_events',
    'billing_customers',
    'billing_subscriptions',
    'billing_invoices',
    'billing_invoice_payments',
    'billing_refunds',
    'referral_events',
  ]) {
    const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  return counts;
}
