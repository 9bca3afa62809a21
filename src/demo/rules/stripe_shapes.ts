import type { BillingAction } from './demo_agenda.js';
import { type BillingPlan, invoiceCents } from './plan_team_life.js';

/**
 * The Stripe events a simulated team's billing produces, in the shape of Stripe's API version
 * 2025-08-27.basil (the subscription under `invoice.parent`, payments under `invoice.payments`, a
 * charge naming only its payment intent). Pure: times and ids are passed in.
 */
export const demoStripeApiVersion = '2025-08-27.basil';

export interface StripeEventPayload {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
}

const secondsPerDay = 86_400;

function unix(time: Date): number {
  return Math.floor(time.getTime() / 1000);
}

function event(id: string, type: string, at: Date, object: Record<string, unknown>): StripeEventPayload {
  return {
    id,
    object: 'event',
    api_version: demoStripeApiVersion,
    created: unix(at),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Stripe's ids of one team's objects, derived from the team id. */
export function stripeIdsOf(teamId: string) {
  const key = teamId.replaceAll(/[^A-Za-z0-9]/g, '');
  return {
    customerId: `cus_${key}`,
    subscriptionId: `sub_${key}`,
    invoiceId: (invoiceNumber: number) => `in_${key}_${invoiceNumber}`,
    paymentIntentId: (invoiceNumber: number) => `pi_${key}_${invoiceNumber}`,
    chargeId: (invoiceNumber: number) => `ch_${key}_${invoiceNumber}`,
    eventId: (what: string) => `evt_${key}_${what}`,
  };
}

interface TeamBilling {
  teamId: string;
  plan: BillingPlan;
  /** When the subscription started (its first invoice's payment). */
  startedAt: Date;
}

function subscription(team: TeamBilling, monthlyCents: number, status: string, endedAt: Date | null) {
  const ids = stripeIdsOf(team.teamId);
  return {
    id: ids.subscriptionId,
    object: 'subscription',
    customer: ids.customerId,
    currency: 'usd',
    status,
    metadata: { teamId: team.teamId },
    start_date: unix(team.startedAt),
    created: unix(team.startedAt),
    cancel_at_period_end: false,
    canceled_at: endedAt ? unix(endedAt) : null,
    ended_at: endedAt ? unix(endedAt) : null,
    items: {
      object: 'list',
      data: [
        {
          id: `si_${ids.subscriptionId.slice(4)}`,
          object: 'subscription_item',
          quantity: 1,
          price: {
            id: `price_demo_${monthlyCents}`,
            object: 'price',
            currency: 'usd',
            unit_amount: monthlyCents,
            recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
          },
        },
      ],
    },
  };
}

function paidInvoice(team: TeamBilling, invoiceNumber: number, paidAt: Date) {
  const ids = stripeIdsOf(team.teamId);
  const amount = invoiceCents(team.plan, invoiceNumber);
  const invoiceId = ids.invoiceId(invoiceNumber);
  const paid = unix(paidAt);
  return {
    id: invoiceId,
    object: 'invoice',
    customer: ids.customerId,
    currency: 'usd',
    amount_due: amount,
    amount_paid: amount,
    amount_remaining: 0,
    status: 'paid',
    billing_reason: invoiceNumber === 0 ? 'subscription_create' : 'subscription_cycle',
    status_transitions: { finalized_at: paid, paid_at: paid, marked_uncollectible_at: null, voided_at: null },
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: {}, subscription: ids.subscriptionId },
    },
    lines: {
      object: 'list',
      data: [{ id: `il_${invoiceId}`, amount, period: { start: paid, end: paid + 30 * secondsPerDay } }],
    },
    payments: {
      object: 'list',
      data: [
        {
          id: `inpay_${invoiceId}`,
          object: 'invoice_payment',
          invoice: invoiceId,
          amount_paid: amount,
          currency: 'usd',
          status: 'paid',
          payment: { type: 'payment_intent', payment_intent: ids.paymentIntentId(invoiceNumber) },
        },
      ],
      has_more: false,
    },
  };
}

/** The events one billing action sends, in order, all created at `at`. */
export function stripeEventsOf(action: BillingAction, team: TeamBilling, at: Date): StripeEventPayload[] {
  const ids = stripeIdsOf(team.teamId);
  const { plan } = team;
  switch (action.kind) {
    case 'start':
      return [
        event(ids.eventId('customer'), 'customer.created', at, {
          id: ids.customerId,
          object: 'customer',
          email: null,
          created: unix(at),
          metadata: { teamId: team.teamId },
        }),
        event(
          ids.eventId('sub_created'),
          'customer.subscription.created',
          at,
          subscription(team, plan.planCents, 'active', null),
        ),
        event(ids.eventId('paid_0'), 'invoice.paid', at, paidInvoice(team, 0, at)),
      ];
    case 'invoice':
      return [
        event(
          ids.eventId(`paid_${action.invoiceNumber}`),
          'invoice.paid',
          at,
          paidInvoice(team, action.invoiceNumber, at),
        ),
      ];
    case 'upgrade':
      return [
        event(
          ids.eventId('sub_upgraded'),
          'customer.subscription.updated',
          at,
          subscription(team, plan.upgrade?.toCents ?? plan.planCents, 'active', null),
        ),
      ];
    case 'refund': {
      const amount = invoiceCents(plan, action.invoiceNumber);
      return [
        event(ids.eventId(`refund_${action.invoiceNumber}`), 'charge.refunded', at, {
          id: ids.chargeId(action.invoiceNumber),
          object: 'charge',
          amount,
          amount_captured: amount,
          amount_refunded: amount,
          captured: true,
          refunded: true,
          currency: 'usd',
          customer: ids.customerId,
          payment_intent: ids.paymentIntentId(action.invoiceNumber),
        }),
      ];
    }
    case 'cancel': {
      const monthly = plan.upgrade ? plan.upgrade.toCents : plan.planCents;
      return [
        event(
          ids.eventId('sub_deleted'),
          'customer.subscription.deleted',
          at,
          subscription(team, monthly, 'canceled', at),
        ),
      ];
    }
  }
}
