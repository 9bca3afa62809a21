import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  billingRowCounts,
  customerObject,
  deliver,
  signedHeader,
  stripeEvent,
  testWebhookSecret,
} from '../support/stripe_events.js';

describe('Stripe webhook signature', () => {
  let t: TestApp;
  const start = new Date('2026-03-02T10:00:00Z');
  beforeAll(async () => {
    t = await startTestApp({ start, config: { stripeWebhookSecret: testWebhookSecret } });
  });
  afterAll(async () => t.close());

  const event = () =>
    stripeEvent(
      'evt_sig_1',
      'customer.created',
      start,
      customerObject({ customerId: 'cus_sig', created: start }),
    );

  async function expectRefusedAndNothingWritten(
    response: Awaited<ReturnType<typeof deliver>>,
    code = 'signature_invalid',
  ) {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code, status: 400 });
    const counts = await billingRowCounts(t);
    expect(counts['billing_events']).toBe(0);
    expect(counts['billing_customers']).toBe(0);
  }

  it('refuses a missing signature header', async () => {
    await expectRefusedAndNothingWritten(await deliver(t, event(), { header: null }));
  });

  it('refuses a signature made with another secret', async () => {
    await expectRefusedAndNothingWritten(
      await deliver(t, event(), { secret: 'whsec_someone_else_entirely' }),
    );
  });

  it('refuses a garbled signature header', async () => {
    await expectRefusedAndNothingWritten(await deliver(t, event(), { header: 't=abc,v1=zzz' }));
  });

  it('refuses a body altered after signing', async () => {
    const payload = JSON.stringify(event());
    const header = signedHeader(payload, t.clock.now());
    const altered = payload.replace('cus_sig', 'cus_evil');
    await expectRefusedAndNothingWritten(await deliver(t, altered, { header }));
  });

  it('refuses a signature older than 300 s by the program clock, and one from the future', async () => {
    const stale = new Date(t.clock.now().getTime() - 301_000);
    await expectRefusedAndNothingWritten(await deliver(t, event(), { signedAt: stale }));
    const future = new Date(t.clock.now().getTime() + 3_600_000);
    await expectRefusedAndNothingWritten(await deliver(t, event(), { signedAt: future }));
  });

  it('judges staleness by the simulated clock, not the machine clock', async () => {
    // Signed at the simulated "now", which is far from the machine's time: accepted.
    const recent = new Date(t.clock.now().getTime() - 299_000);
    const accepted = await deliver(t, event(), { signedAt: recent });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ received: true, eventId: 'evt_sig_1', duplicate: false });
    // The same signature, once the simulated clock has moved on, is stale.
    const payload = JSON.stringify(
      stripeEvent(
        'evt_sig_2',
        'customer.updated',
        start,
        customerObject({
          customerId: 'cus_sig',
          created: start,
        }),
      ),
    );
    const header = signedHeader(payload, t.clock.now());
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 600_000));
    const late = await deliver(t, payload, { header });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'signature_invalid' });
    const [row] = await t.context.db.query<{ n: number }>(
      "SELECT count(*)::int8 AS n FROM billing_events WHERE id = 'evt_sig_2'",
    );
    expect(row!.n).toBe(0);
  });

  it('keeps JSON parsing for the rest of the API', async () => {
    const response = await t.call({
      method: 'POST',
      url: '/v1/track/customer',
      payload: { teamId: 'team_missing', stripeCustomerId: 'cus_x' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', path: 'teamId' });
  });
});

describe('Stripe webhook without a configured secret', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { stripeWebhookSecret: undefined } });
  });
  afterAll(async () => t.close());

  it('answers problem+json saying the secret is not configured, and writes nothing', async () => {
    const response = await deliver(
      t,
      stripeEvent(
        'evt_nosecret',
        'customer.created',
        t.clock.now(),
        customerObject({
          customerId: 'cus_n',
          created: t.clock.now(),
        }),
      ),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toContain('STRIPE_WEBHOOK_SECRET');
    expect((await billingRowCounts(t))['billing_events']).toBe(0);
  });
});
