import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  customerObject,
  deliver,
  lifecycleOf,
  paidInvoiceObject,
  refundedChargeObject,
  type StripeEvent,
  signUpTeam,
  stripeEvent,
  subscriptionObject,
  testWebhookSecret,
} from '../support/stripe_events.js';

/**
 * Stripe delivers at least once and in any order. Every id carries a per-run tag so that each
 * run bills its own team in one database; snapshots replace the tag before comparing.
 */
function teamWebhooks(tag: string, options: { secondInvoice: boolean }): StripeEvent[] {
  const teamId = `team_${tag}`;
  const customerId = `cus_${tag}`;
  const subscription = {
    subscriptionId: `sub_${tag}`,
    customerId,
    teamId,
    startedAt: '2026-02-01T00:00:00Z',
  };
  const invoice = (index: number, paidAt: string) =>
    stripeEvent(
      `evt_${tag}_invoice_${index}`,
      'invoice.paid',
      paidAt,
      paidInvoiceObject({
        shape: index === 1 ? 'legacy' : 'current',
        invoiceId: `in_${tag}_${index}`,
        customerId,
        subscriptionId: `sub_${tag}`,
        amountPaidCents: 60_000,
        paidAt,
        paymentIntentId: `pi_${tag}_${index}`,
        chargeId: `ch_${tag}_${index}`,
      }),
    );
  const refund = (id: string, at: string, amountRefundedCents: number) =>
    stripeEvent(
      id,
      'charge.refunded',
      at,
      refundedChargeObject({
        shape: 'current',
        chargeId: `ch_${tag}_1`,
        customerId,
        paymentIntentId: `pi_${tag}_1`,
        amountCents: 60_000,
        amountRefundedCents,
      }),
    );
  return [
    stripeEvent(
      `evt_${tag}_customer`,
      'customer.created',
      '2026-02-01T00:00:00Z',
      customerObject({
        customerId,
        created: '2026-02-01T00:00:00Z',
      }),
    ),
    stripeEvent(
      `evt_${tag}_sub_created`,
      'customer.subscription.created',
      '2026-02-01T00:00:00Z',
      subscriptionObject({
        ...subscription,
        status: 'trialing',
        unitAmountCents: 10_000,
        quantity: 1,
      }),
    ),
    stripeEvent(
      `evt_${tag}_sub_updated`,
      'customer.subscription.updated',
      '2026-02-15T00:00:00Z',
      subscriptionObject({
        ...subscription,
        status: 'active',
        unitAmountCents: 20_000,
        quantity: 3,
      }),
    ),
    invoice(1, '2026-02-15T00:00:01Z'),
    ...(options.secondInvoice ? [invoice(2, '2026-03-15T00:00:00Z')] : []),
    refund(`evt_${tag}_refund_a`, '2026-02-20T00:00:00Z', 10_000),
    refund(`evt_${tag}_refund_b`, '2026-02-21T00:00:00Z', 25_000),
    stripeEvent(
      `evt_${tag}_sub_deleted`,
      'customer.subscription.deleted',
      '2026-04-01T00:00:00Z',
      subscriptionObject({
        ...subscription,
        status: 'canceled',
        unitAmountCents: 20_000,
        quantity: 3,
        endedAt: '2026-04-01T00:00:00Z',
      }),
    ),
  ];
}

async function factsSnapshot(t: TestApp, tag: string): Promise<string> {
  const like = `%${tag}%`;
  const query = (sql: string) => t.context.db.query(sql, [like]);
  const snapshot = {
    events: await query('SELECT id, type FROM billing_events WHERE id LIKE $1 ORDER BY id'),
    customers: await query('SELECT id, team_id FROM billing_customers WHERE id LIKE $1 ORDER BY id'),
    subscriptions: await query(
      `SELECT id, customer_id, team_id, status, monthly_amount_cents, currency, started_at, ended_at,
              version_at, version_rank, version_tiebreak
         FROM billing_subscriptions WHERE id LIKE $1 ORDER BY id`,
    ),
    invoices: await query(
      `SELECT id, customer_id, team_id, subscription_id, amount_paid_cents, currency, paid_at, period_start, period_end
         FROM billing_invoices WHERE id LIKE $1 ORDER BY id`,
    ),
    payments: await query(
      'SELECT payment_ref, invoice_id FROM billing_invoice_payments WHERE invoice_id LIKE $1 ORDER BY payment_ref',
    ),
    refunds: await query(
      `SELECT id, invoice_id, charge_id, payment_intent_id, customer_id, amount_refunded_cents, currency, refunded_at
         FROM billing_refunds WHERE id LIKE $1 ORDER BY id`,
    ),
  };
  return JSON.stringify(snapshot).replaceAll(tag, 'TAG');
}

async function lifecycleSnapshot(t: TestApp, tag: string) {
  const lifecycle = await lifecycleOf(t, `team_${tag}`);
  return {
    status: lifecycle.status,
    reached: lifecycle.events.map((event) => event.type).sort(),
    events: lifecycle.events,
  };
}

describe('Stripe webhooks delivered in any order, any number of times', () => {
  let t: TestApp;
  let runs = 0;
  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-06-01T00:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
  });
  afterAll(async () => t.close());

  async function deliverAll(tag: string, events: StripeEvent[]) {
    await signUpTeam(t, `team_${tag}`, new Date('2026-01-20T00:00:00Z'));
    for (const event of events) {
      const response = await deliver(t, event);
      expect(response.statusCode, response.body).toBe(200);
    }
  }

  for (const secondInvoice of [false, true]) {
    it(`ends in the same facts and lifecycle as one in-order delivery (${secondInvoice ? 'two invoices' : 'one invoice'})`, async () => {
      const referenceTag = `ref${secondInvoice ? 2 : 1}`;
      await deliverAll(referenceTag, teamWebhooks(referenceTag, { secondInvoice }));
      const referenceFacts = await factsSnapshot(t, referenceTag);
      const referenceLifecycle = await lifecycleSnapshot(t, referenceTag);
      // The in-order run itself must show the full story, or the comparison proves little.
      expect(referenceLifecycle.reached).toEqual(['churned', 'paid', 'signed_up']);
      expect(referenceFacts).toContain('"amount_refunded_cents":25000');
      expect(referenceFacts).toContain('"status":"canceled"');

      const eventCount = teamWebhooks('x', { secondInvoice }).length;
      const deliveryOrders = fc
        .array(fc.integer({ min: 1, max: 3 }), { minLength: eventCount, maxLength: eventCount })
        .chain((counts) => {
          const deliveries = counts.flatMap((count, index) => Array.from({ length: count }, () => index));
          return fc.shuffledSubarray(deliveries, {
            minLength: deliveries.length,
            maxLength: deliveries.length,
          });
        });

      await fc.assert(
        fc.asyncProperty(deliveryOrders, async (order) => {
          runs += 1;
          const tag = `run${runs}x`;
          const events = teamWebhooks(tag, { secondInvoice });
          await deliverAll(
            tag,
            order.map((index) => events[index]!),
          );
          expect(await factsSnapshot(t, tag)).toEqual(referenceFacts);
          const lifecycle = await lifecycleSnapshot(t, tag);
          expect(lifecycle.status).toBe(referenceLifecycle.status);
          expect(lifecycle.reached).toEqual(referenceLifecycle.reached);
          if (!secondInvoice) {
            // One paid invoice: every lifecycle event, with its time and cause, is the same too.
            expect(lifecycle.events).toEqual(referenceLifecycle.events);
          }
        }),
        { numRuns: 12 },
      );
    });
  }
});
