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
  // Years away from the machine's time, as a demo or a black-box test runs it.
  const start = new Date('2030-03-02T10:00:00Z');
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
    const header = signedHeader(payload, new Date());
    const altered = payload.replace('cus_sig', 'cus_evil');
    await expectRefusedAndNothingWritten(await deliver(t, altered, { header }));
  });

  it('refuses a signature made an hour ago or an hour ahead by the wall clock', async () => {
    const hourMs = 3_600_000;
    await expectRefusedAndNothingWritten(
      await deliver(t, event(), { signedAt: new Date(Date.now() - hourMs) }),
    );
    await expectRefusedAndNothingWritten(
      await deliver(t, event(), { signedAt: new Date(Date.now() + hourMs) }),
    );
  });

  it('refuses a header with two t= values, whichever of them is fresh', async () => {
    const payload = JSON.stringify(event());
    const signed = signedHeader(payload, new Date(Date.now() - 3_600_000));
    const freshSeconds = Math.floor(Date.now() / 1000);
    // The stale signature verifies for its own t; a fresh t beside it must not make it pass.
    await expectRefusedAndNothingWritten(
      await deliver(t, payload, { header: `t=${freshSeconds},${signed}` }),
    );
    await expectRefusedAndNothingWritten(
      await deliver(t, payload, { header: `${signed},t=${freshSeconds}` }),
    );
    // Signed an hour ahead (the SDK alone only refuses old ones), with a fresh t in front.
    const ahead = signedHeader(payload, new Date(Date.now() + 3_600_000));
    await expectRefusedAndNothingWritten(await deliver(t, payload, { header: `t=${freshSeconds},${ahead}` }));
    const fresh = signedHeader(payload, new Date());
    await expectRefusedAndNothingWritten(await deliver(t, payload, { header: `${fresh},${fresh}` }));
  });

  it('judges freshness by the wall clock, not the simulated clock years away', async () => {
    expect(Math.abs(t.clock.now().getTime() - Date.now())).toBeGreaterThan(365 * 86_400_000);
    // Signed at the simulated "now": far from the real time, so refused.
    await expectRefusedAndNothingWritten(await deliver(t, event(), { signedAt: t.clock.now() }));
    // Signed with the real time, as Stripe signs every webhook: accepted.
    const accepted = await deliver(t, event(), { signedAt: new Date() });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ received: true, eventId: 'evt_sig_1', duplicate: false });
    // Moving the simulated clock on does not make a real-time signature stale.
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 3_600_000));
    const later = stripeEvent(
      'evt_sig_2',
      'customer.updated',
      start,
      customerObject({ customerId: 'cus_sig', created: start }),
    );
    const response = await deliver(t, later, { signedAt: new Date() });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ eventId: 'evt_sig_2', duplicate: false });
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
