import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  customerObject,
  deliver,
  legacyApiVersion,
  lifecycleOf,
  paidInvoiceObject,
  refundedChargeObject,
  signUpTeam,
  stripeEvent,
  subscriptionObject,
  testWebhookSecret,
} from '../support/stripe_events.js';

describe('Stripe webhook events', () => {
  let t: TestApp;
  const start = new Date('2026-03-02T10:00:00Z');
  beforeAll(async () => {
    t = await startTestApp({ start, config: { stripeWebhookSecret: testWebhookSecret } });
  });
  afterAll(async () => t.close());

  async function ok(event: Parameters<typeof deliver>[1]) {
    const response = await deliver(t, event);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { duplicate: boolean; handled: boolean };
  }

  it('stores an event id once: a second delivery is acknowledged and ignored', async () => {
    const event = stripeEvent(
      'evt_dup',
      'customer.created',
      start,
      customerObject({
        customerId: 'cus_dup',
        created: start,
      }),
    );
    expect(await ok(event)).toMatchObject({ duplicate: false, handled: true });
    expect(await ok(event)).toMatchObject({ duplicate: true, handled: false });
    const rows = await t.context.db.query<{ n: number }>(
      "SELECT count(*)::int8 AS n FROM billing_events WHERE id = 'evt_dup'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('acknowledges an unknown event type and stores it as ignored', async () => {
    expect(
      await ok(stripeEvent('evt_plan', 'plan.created', start, { id: 'plan_1', object: 'plan' })),
    ).toMatchObject({
      handled: false,
    });
    const [row] = await t.context.db.query<{ outcome: string; detail: string }>(
      "SELECT outcome, detail FROM billing_events WHERE id = 'evt_plan'",
    );
    expect(row).toEqual({ outcome: 'ignored', detail: 'event_type_not_handled' });
  });

  it('reads the legacy invoice and charge shapes: paid at the paid time, refund on the named invoice', async () => {
    await signUpTeam(t, 'team_legacy', new Date('2026-02-01T00:00:00Z'));
    const paidAt = new Date('2026-02-10T08:00:00Z');
    await ok(
      stripeEvent(
        'evt_l1',
        'customer.created',
        '2026-02-01T00:00:00Z',
        customerObject({
          customerId: 'cus_legacy',
          teamId: 'team_legacy',
          created: '2026-02-01T00:00:00Z',
        }),
        legacyApiVersion,
      ),
    );
    await ok(
      stripeEvent(
        'evt_l2',
        'invoice.paid',
        paidAt,
        paidInvoiceObject({
          shape: 'legacy',
          invoiceId: 'in_legacy',
          customerId: 'cus_legacy',
          subscriptionId: 'sub_legacy',
          amountPaidCents: 60_000,
          paidAt,
          paymentIntentId: 'pi_legacy',
          chargeId: 'ch_legacy',
        }),
        legacyApiVersion,
      ),
    );
    await ok(
      stripeEvent(
        'evt_l3',
        'charge.refunded',
        '2026-02-12T00:00:00Z',
        refundedChargeObject({
          shape: 'legacy',
          chargeId: 'ch_legacy',
          customerId: 'cus_legacy',
          paymentIntentId: 'pi_legacy',
          invoiceId: 'in_legacy',
          amountCents: 60_000,
          amountRefundedCents: 10_000,
        }),
        legacyApiVersion,
      ),
    );
    const [invoice] = await t.context.db.query<Record<string, unknown>>(
      'SELECT subscription_id, amount_paid_cents, currency, paid_at FROM billing_invoices WHERE id = $1',
      ['in_legacy'],
    );
    expect(invoice).toEqual({
      subscription_id: 'sub_legacy',
      amount_paid_cents: 60_000,
      currency: 'usd',
      paid_at: paidAt,
    });
    const [refund] = await t.context.db.query<Record<string, unknown>>(
      'SELECT invoice_id, amount_refunded_cents FROM billing_refunds WHERE id = $1',
      ['ch_legacy'],
    );
    expect(refund).toEqual({ invoice_id: 'in_legacy', amount_refunded_cents: 10_000 });
    const lifecycle = await lifecycleOf(t, 'team_legacy');
    expect(lifecycle.status).toBe('paid');
    expect(lifecycle.events.find((event) => event.type === 'paid')).toMatchObject({
      occurredAt: paidAt.toISOString(),
      cause: 'invoice_paid',
    });
  });

  it('reads the current shapes: subscription under parent, refund resolved through the payment intent either way round', async () => {
    await signUpTeam(t, 'team_current', new Date('2026-02-01T00:00:00Z'));
    await ok(
      stripeEvent(
        'evt_c1',
        'customer.created',
        '2026-02-01T00:00:00Z',
        customerObject({
          customerId: 'cus_current',
          teamId: 'team_current',
          created: '2026-02-01T00:00:00Z',
        }),
      ),
    );
    // The refund of the second invoice arrives before that invoice: kept unresolved, then resolved.
    await ok(
      stripeEvent(
        'evt_c2',
        'charge.refunded',
        '2026-02-20T00:00:00Z',
        refundedChargeObject({
          shape: 'current',
          chargeId: 'ch_current_2',
          customerId: 'cus_current',
          paymentIntentId: 'pi_current_2',
          amountCents: 5_000,
          amountRefundedCents: 5_000,
        }),
      ),
    );
    const [waiting] = await t.context.db.query<{ invoice_id: string | null }>(
      "SELECT invoice_id FROM billing_refunds WHERE id = 'ch_current_2'",
    );
    expect(waiting!.invoice_id).toBeNull();
    for (const [index, paidAt] of ['2026-02-11T00:00:00Z', '2026-02-18T00:00:00Z'].entries()) {
      await ok(
        stripeEvent(
          `evt_c3_${index}`,
          'invoice.paid',
          paidAt,
          paidInvoiceObject({
            shape: 'current',
            invoiceId: `in_current_${index + 1}`,
            customerId: 'cus_current',
            subscriptionId: 'sub_current',
            amountPaidCents: 5_000,
            paidAt,
            paymentIntentId: `pi_current_${index + 1}`,
          }),
        ),
      );
    }
    // The refund of the first invoice arrives after it.
    await ok(
      stripeEvent(
        'evt_c4',
        'charge.refunded',
        '2026-02-21T00:00:00Z',
        refundedChargeObject({
          shape: 'current',
          chargeId: 'ch_current_1',
          customerId: 'cus_current',
          paymentIntentId: 'pi_current_1',
          amountCents: 5_000,
          amountRefundedCents: 2_500,
        }),
      ),
    );
    const refunds = await t.context.db.query<{ id: string; invoice_id: string }>(
      "SELECT id, invoice_id FROM billing_refunds WHERE customer_id = 'cus_current' ORDER BY id",
    );
    expect(refunds).toEqual([
      { id: 'ch_current_1', invoice_id: 'in_current_1' },
      { id: 'ch_current_2', invoice_id: 'in_current_2' },
    ]);
    const invoices = await t.context.db.query<{ subscription_id: string }>(
      "SELECT DISTINCT subscription_id FROM billing_invoices WHERE customer_id = 'cus_current'",
    );
    expect(invoices).toEqual([{ subscription_id: 'sub_current' }]);
  });

  it('keeps an invoice that arrives before the customer link and applies it when the link arrives', async () => {
    await signUpTeam(t, 'team_late_link', new Date('2026-02-01T00:00:00Z'));
    const paidAt = new Date('2026-02-15T00:00:00Z');
    await ok(
      stripeEvent(
        'evt_ll1',
        'invoice.paid',
        paidAt,
        paidInvoiceObject({
          shape: 'current',
          invoiceId: 'in_late_link',
          customerId: 'cus_late_link',
          subscriptionId: 'sub_late_link',
          amountPaidCents: 2_000,
          paidAt,
          paymentIntentId: 'pi_late_link',
        }),
      ),
    );
    expect((await lifecycleOf(t, 'team_late_link')).status).toBe('signed_up');
    const linked = await t.call({
      method: 'POST',
      url: '/v1/track/customer',
      payload: { teamId: 'team_late_link', stripeCustomerId: 'cus_late_link' },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toEqual({
      teamId: 'team_late_link',
      stripeCustomerId: 'cus_late_link',
      newlyLinked: true,
    });
    const lifecycle = await lifecycleOf(t, 'team_late_link');
    expect(lifecycle.status).toBe('paid');
    expect(lifecycle.events.at(-1)).toMatchObject({ type: 'paid', occurredAt: paidAt.toISOString() });
    const again = await t.call({
      method: 'POST',
      url: '/v1/track/customer',
      payload: { teamId: 'team_legacy', stripeCustomerId: 'cus_late_link' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('keeps the newest subscription state, normalizes the amount to a month, and records churn at the end time', async () => {
    await signUpTeam(t, 'team_sub', new Date('2026-02-01T00:00:00Z'));
    const base = {
      subscriptionId: 'sub_yearly',
      customerId: 'cus_sub',
      teamId: 'team_sub',
      startedAt: '2026-02-01T00:00:00Z',
    };
    await ok(
      stripeEvent(
        'evt_s2',
        'customer.subscription.updated',
        '2026-02-05T00:00:00Z',
        subscriptionObject({
          ...base,
          status: 'active',
          unitAmountCents: 120_000,
          quantity: 3,
          interval: 'year',
        }),
      ),
    );
    // Older than the stored state: must not overwrite it.
    await ok(
      stripeEvent(
        'evt_s1',
        'customer.subscription.created',
        '2026-02-01T00:00:00Z',
        subscriptionObject({
          ...base,
          status: 'trialing',
          unitAmountCents: 100_000,
          quantity: 1,
          interval: 'year',
        }),
      ),
    );
    const [state] = await t.context.db.query<{ status: string; monthly_amount_cents: number }>(
      "SELECT status, monthly_amount_cents FROM billing_subscriptions WHERE id = 'sub_yearly'",
    );
    expect(state).toEqual({ status: 'active', monthly_amount_cents: 30_000 });
    await ok(
      stripeEvent(
        'evt_s3',
        'invoice.paid',
        '2026-02-05T00:00:00Z',
        paidInvoiceObject({
          shape: 'current',
          invoiceId: 'in_yearly',
          customerId: 'cus_sub',
          subscriptionId: 'sub_yearly',
          amountPaidCents: 360_000,
          paidAt: '2026-02-05T00:00:00Z',
          paymentIntentId: 'pi_yearly',
        }),
      ),
    );
    const endedAt = '2026-02-25T12:00:00Z';
    await ok(
      stripeEvent(
        'evt_s4',
        'customer.subscription.deleted',
        endedAt,
        subscriptionObject({
          ...base,
          status: 'canceled',
          unitAmountCents: 120_000,
          quantity: 3,
          interval: 'year',
          endedAt,
        }),
      ),
    );
    const lifecycle = await lifecycleOf(t, 'team_sub');
    expect(lifecycle.status).toBe('churned');
    expect(lifecycle.events.map((event) => event.type)).toEqual(['signed_up', 'paid', 'churned']);
    expect(lifecycle.events[2]).toMatchObject({
      occurredAt: new Date(endedAt).toISOString(),
      cause: 'subscription_ended',
    });
  });
});
