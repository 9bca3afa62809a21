import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitPartnerEvent } from '../../src/partners/emit_partner_event.js';
import { deliveryAttemptsMax, retryDelaySeconds } from '../../src/partners/rules/outgoing_webhooks.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink, signup, uniqueId } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';
import { eventually, type Receiver, startReceiver } from './receiver.js';

interface Delivery {
  eventId: string;
  eventType: string;
  status: string;
  attempts: Array<{ statusCode: number | null }>;
}

describe('partner webhooks delivered by the job wiring', () => {
  let t: TestApp;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({ config: { allowPrivateWebhooks: true } });
  });
  afterAll(async () => {
    await t.close();
    for (const receiver of receivers) await receiver.close();
  });

  async function partner(statuses: number[], otherwise = 200) {
    const receiver = await startReceiver(statuses, otherwise);
    receivers.push(receiver);
    const affiliateId = await createAffiliate(t, `${uniqueId('hooks').toLowerCase()}@partner.dev`);
    const endpoint = await t.call({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { affiliateId, url: receiver.url },
    });
    expect(endpoint.statusCode).toBe(201);
    return { receiver, affiliateId, secret: (endpoint.json() as { secret: string }).secret };
  }

  async function deliveries(affiliateId: string): Promise<Delivery[]> {
    const log = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/webhook-deliveries` });
    return (log.json() as { deliveries: Delivery[] }).deliveries;
  }

  async function advanceSeconds(seconds: number): Promise<void> {
    const now = new Date(t.clock.now().getTime() + seconds * 1000).toISOString();
    const moved = await t.call({ method: 'POST', url: '/v1/admin/clock', payload: { now } });
    expect(moved.statusCode).toBe(200);
  }

  async function emit(affiliateId: string, eventId: string): Promise<void> {
    await t.context.db.transaction((tx) =>
      emitPartnerEvent(t.context, tx, {
        eventId,
        affiliateId,
        type: 'commission.created',
        data: { commissionId: eventId, amountCents: 5000 },
      }),
    );
  }

  it('announces a recorded signup and activation, signed so the standardwebhooks package verifies them', async () => {
    const { receiver, affiliateId, secret } = await partner([]);
    const link = await createLink(t, affiliateId);
    const clickId = uniqueId('clk');
    await insertClick(t.context.db, { id: clickId, linkId: link.id, affiliateId, occurredAt: t.clock.now() });
    const teamId = uniqueId('team');
    const signed = await signup(t, { teamId, email: 'lee@acme-hooks.io', clickId });
    expect(signed.json()).toMatchObject({ attributed: true, affiliateId });

    const first = await eventually(() => receiver.received[0], 'the signup delivery');
    const webhook = new Webhook(secret);
    const payload = webhook.verify(first.body, first.headers as Record<string, string>) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      id: `referral.signed_up:${teamId}`,
      type: 'referral.signed_up',
      data: { teamId, status: 'signed_up', linkId: link.id, source: 'direct_link' },
    });
    expect(first.headers['webhook-id']).toBe(payload.id);
    // Signed at the wall clock, not the program's simulated time (2026-01-05 in this suite).
    expect(Math.abs(Number(first.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    expect(JSON.stringify(payload)).not.toContain('lee@acme-hooks.io');
    expect(() => webhook.verify(`${first.body} `, first.headers as Record<string, string>)).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        first.body,
        first.headers as Record<string, string>,
      ),
    ).toThrow();

    const usage = await t.call({
      method: 'POST',
      url: '/v1/track/usage',
      payload: {
        events: [{ id: uniqueId('ev'), teamId, apiCalls: 5_000, occurredAt: t.clock.now().toISOString() }],
      },
    });
    expect(usage.statusCode).toBe(200);
    const second = await eventually(() => receiver.received[1], 'the activation delivery');
    expect(webhook.verify(second.body, second.headers as Record<string, string>)).toMatchObject({
      type: 'referral.activated',
      data: { teamId, status: 'activated' },
    });
    // `linked` is recorded with the signup but is not a partner event of its own.
    expect(receiver.received.map((delivery) => JSON.parse(delivery.body).type)).toEqual([
      'referral.signed_up',
      'referral.activated',
    ]);
  });

  it('retries a delivery answered 500 once its backoff has passed on the clock', async () => {
    const { receiver, affiliateId } = await partner([500]);
    await emit(affiliateId, uniqueId('commission.created'));
    await eventually(
      async () => (await deliveries(affiliateId))[0]?.attempts.length === 1,
      'the first attempt',
    );

    await advanceSeconds(retryDelaySeconds(1) - 1);
    expect((await deliveries(affiliateId))[0]).toMatchObject({
      status: 'pending',
      attempts: [{ statusCode: 500 }],
    });

    await advanceSeconds(1);
    const [delivery] = await deliveries(affiliateId);
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: [{ statusCode: 500 }, { statusCode: 200 }],
    });
    expect(receiver.received).toHaveLength(2);
    // Both attempts carry the same webhook-id, so the partner can tell a retry from a new event.
    expect(new Set(receiver.received.map((attempt) => attempt.headers['webhook-id'])).size).toBe(1);
  });

  it('gives a delivery up after the last attempt and sends it no more', async () => {
    const { receiver, affiliateId } = await partner([], 500);
    await emit(affiliateId, uniqueId('commission.created'));
    await eventually(
      async () => (await deliveries(affiliateId))[0]?.attempts.length === 1,
      'the first attempt',
    );
    for (let made = 1; made < deliveryAttemptsMax; made++) await advanceSeconds(retryDelaySeconds(made));

    const [delivery] = await deliveries(affiliateId);
    expect(delivery?.status).toBe('failed');
    expect(delivery?.attempts).toHaveLength(deliveryAttemptsMax);
    await advanceSeconds(24 * 3600);
    expect((await deliveries(affiliateId))[0]?.attempts).toHaveLength(deliveryAttemptsMax);
    expect(receiver.received).toHaveLength(deliveryAttemptsMax);
  });
});
