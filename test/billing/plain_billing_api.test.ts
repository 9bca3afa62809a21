import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { billingRowCounts, lifecycleOf, signUpTeam } from '../support/stripe_events.js';

describe('Plain billing API', () => {
  let t: TestApp;
  let trackKey: string;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-05-01T00:00:00Z') });
    const created = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'track', name: 'billing' },
    });
    trackKey = (created.json() as { key: string }).key;
    await signUpTeam(t, 'team_plain', new Date('2026-01-10T00:00:00Z'));
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: Record<string, unknown>) =>
    t.call({ method: 'POST', url, payload, auth: trackKey });

  const invoice = {
    invoiceId: 'inv_plain_1',
    teamId: 'team_plain',
    amountPaidCents: 55_000,
    currency: 'usd',
    paidAt: '2026-02-01T09:00:00Z',
    subscriptionId: 'plan_sub_1',
  };

  it('refuses bad input with 4xx problem+json and writes nothing', async () => {
    const before = await billingRowCounts(t);
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['/v1/track/invoice', { ...invoice, currency: 'eur' }, 400, 'body.currency'],
      ['/v1/track/invoice', { ...invoice, amountPaidCents: -1 }, 400, 'body.amountPaidCents'],
      ['/v1/track/invoice', { ...invoice, amountPaidCents: 10.5 }, 400, 'body.amountPaidCents'],
      ['/v1/track/invoice', { ...invoice, teamId: 'team_nobody' }, 404, 'teamId'],
      ['/v1/track/invoice', { ...invoice, paidAt: '2027-01-01T00:00:00Z' }, 400, 'paidAt'],
      ['/v1/track/invoice', { ...invoice, paidAt: 'yesterday' }, 400, 'body.paidAt'],
      ['/v1/track/invoice', { ...invoice, extra: true }, 400, 'body'],
      [
        '/v1/track/subscription',
        {
          subscriptionId: 's',
          teamId: 'team_plain',
          status: 'active',
          monthlyAmountCents: -5,
          occurredAt: '2026-02-01T00:00:00Z',
        },
        400,
        'body.monthlyAmountCents',
      ],
      [
        '/v1/track/subscription',
        {
          subscriptionId: 's',
          teamId: 'team_plain',
          status: 'exploded',
          monthlyAmountCents: 5,
          occurredAt: '2026-02-01T00:00:00Z',
        },
        400,
        'body.status',
      ],
      [
        '/v1/track/subscription',
        {
          subscriptionId: 's',
          teamId: 'team_nobody',
          status: 'active',
          monthlyAmountCents: 5,
          occurredAt: '2026-02-01T00:00:00Z',
        },
        404,
        'teamId',
      ],
      ['/v1/track/customer', { teamId: 'team_nobody', stripeCustomerId: 'cus_1' }, 404, 'teamId'],
      ['/v1/track/customer', { teamId: 'team_plain', stripeCustomerId: '' }, 400, 'body.stripeCustomerId'],
      [
        '/v1/track/refund',
        {
          refundId: 'r1',
          invoiceId: 'inv_unknown',
          amountRefundedCents: 100,
          currency: 'usd',
          refundedAt: '2026-02-02T00:00:00Z',
        },
        404,
        'invoiceId',
      ],
    ];
    for (const [url, payload, status, path] of cases) {
      const response = await post(url, payload);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().path ?? response.json().errors?.[0]?.path).toBe(path);
    }
    expect(await billingRowCounts(t)).toEqual(before);
  });

  it('needs a track key', async () => {
    const response = await t.call({ method: 'POST', url: '/v1/track/invoice', payload: invoice, auth: null });
    expect(response.statusCode).toBe(401);
  });

  it('records a paid invoice once and marks the team paid at the paid time', async () => {
    const first = await post('/v1/track/invoice', invoice);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ invoiceId: 'inv_plain_1', teamId: 'team_plain', stored: true });
    const repeat = await post('/v1/track/invoice', { ...invoice, currency: 'USD' });
    expect(repeat.json()).toMatchObject({ stored: false });
    const changed = await post('/v1/track/invoice', { ...invoice, amountPaidCents: 1 });
    expect(changed.statusCode).toBe(409);
    const lifecycle = await lifecycleOf(t, 'team_plain');
    expect(lifecycle.status).toBe('paid');
    expect(lifecycle.events.filter((event) => event.type === 'paid')).toEqual([
      { type: 'paid', occurredAt: '2026-02-01T09:00:00.000Z', cause: 'invoice_paid' },
    ]);
  });

  it('keeps the newest subscription state and churns the paid team when it is canceled', async () => {
    const state = (status: string, occurredAt: string, monthlyAmountCents = 55_000) =>
      post('/v1/track/subscription', {
        subscriptionId: 'plan_sub_1',
        teamId: 'team_plain',
        status,
        monthlyAmountCents,
        occurredAt,
      });
    expect((await state('active', '2026-02-01T00:00:00Z')).json()).toMatchObject({ applied: true });
    expect((await state('trialing', '2026-01-15T00:00:00Z', 0)).json()).toMatchObject({ applied: false });
    const [stored] = await t.context.db.query<{ status: string; monthly_amount_cents: number }>(
      "SELECT status, monthly_amount_cents FROM billing_subscriptions WHERE id = 'plan_sub_1'",
    );
    expect(stored).toEqual({ status: 'active', monthly_amount_cents: 55_000 });
    expect((await lifecycleOf(t, 'team_plain')).status).toBe('paid');
    expect((await state('canceled', '2026-03-10T00:00:00Z')).json()).toMatchObject({ applied: true });
    const lifecycle = await lifecycleOf(t, 'team_plain');
    expect(lifecycle.status).toBe('churned');
    expect(lifecycle.events.at(-1)).toEqual({
      type: 'churned',
      occurredAt: '2026-03-10T00:00:00.000Z',
      cause: 'subscription_ended',
    });
  });

  it('records refunds up to the amount paid, and no more', async () => {
    const refund = (refundId: string, amountRefundedCents: number) =>
      post('/v1/track/refund', {
        refundId,
        invoiceId: 'inv_plain_1',
        amountRefundedCents,
        currency: 'usd',
        refundedAt: '2026-02-03T00:00:00Z',
      });
    const first = await refund('ref_1', 50_000);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      refundId: 'ref_1',
      invoiceId: 'inv_plain_1',
      teamId: 'team_plain',
      stored: true,
    });
    expect((await refund('ref_1', 50_000)).json()).toMatchObject({ stored: false });
    const before = await billingRowCounts(t);
    const tooMuch = await refund('ref_2', 5_001);
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json()).toMatchObject({ path: 'amountRefundedCents' });
    expect(await billingRowCounts(t)).toEqual(before);
    expect((await refund('ref_2', 5_000)).statusCode).toBe(200);
  });
});
