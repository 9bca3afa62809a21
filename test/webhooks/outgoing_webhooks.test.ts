import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelaySeconds, verifySignature } from '../../src/domain/outgoing_webhooks.js';
import { deliverDueWebhooks } from '../../src/usecases/deliver_webhooks.js';
import { emitPartnerEvent } from '../../src/usecases/emit_partner_event.js';
import { startTestApp, type TestApp } from '../support/app.js';

interface Received {
  body: string;
  signature: string;
}

/** A partner's endpoint on loopback that answers with the statuses it is told to, in order. */
async function startReceiver(
  statuses: number[],
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ body, signature: String(request.headers['emdash-signature']) });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks`, received };
}

describe('outgoing partner webhooks', () => {
  let t: TestApp;
  let affiliateId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: { email: 'hooks@agency.dev', name: 'Hooks' },
    });
    affiliateId = (created.json() as { id: string }).id;
  });
  afterAll(async () => t.close());

  it('signs each delivery, retries failures with backoff and logs every attempt', async () => {
    const receiver = await startReceiver([500, 503, 200]);
    try {
      const endpoint = await t.call({
        method: 'POST',
        url: '/v1/webhook-endpoints',
        payload: { affiliateId, url: receiver.url, events: ['commission.created'] },
      });
      expect(endpoint.statusCode).toBe(201);
      const { secret } = endpoint.json() as { secret: string };

      await t.context.db.transaction((tx) =>
        emitPartnerEvent(t.context, tx, {
          eventId: 'commission.created:com_1',
          affiliateId,
          type: 'commission.created',
          data: { commissionId: 'com_1', amountCents: 5000 },
        }),
      );
      // Emitting the same event again (a retried change) adds nothing.
      const again = await t.context.db.transaction((tx) =>
        emitPartnerEvent(t.context, tx, {
          eventId: 'commission.created:com_1',
          affiliateId,
          type: 'commission.created',
          data: {},
        }),
      );
      expect(again).toBe(false);

      expect(await deliverDueWebhooks(t.context)).toEqual({ attempted: 1, succeeded: 0, failed: 1 });
      // Not due again until the backoff has passed.
      expect((await deliverDueWebhooks(t.context)).attempted).toBe(0);
      await t.clock.advanceTo(new Date(t.clock.now().getTime() + retryDelaySeconds(1) * 1000));
      expect(await deliverDueWebhooks(t.context)).toEqual({ attempted: 1, succeeded: 0, failed: 1 });
      await t.clock.advanceTo(new Date(t.clock.now().getTime() + retryDelaySeconds(2) * 1000));
      expect(await deliverDueWebhooks(t.context)).toEqual({ attempted: 1, succeeded: 1, failed: 0 });

      expect(receiver.received).toHaveLength(3);
      const last = receiver.received[2]!;
      const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
      expect(verifySignature(secret, last.body, last.signature, nowSeconds)).toBe(true);
      expect(verifySignature(secret, `${last.body} `, last.signature, nowSeconds)).toBe(false);
      expect(verifySignature('whsec_other', last.body, last.signature, nowSeconds)).toBe(false);
      expect(JSON.parse(last.body)).toMatchObject({
        id: 'commission.created:com_1',
        type: 'commission.created',
        data: { amountCents: 5000 },
      });

      const log = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/webhook-deliveries` });
      const [delivery] = (
        log.json() as { deliveries: Array<{ status: string; attempts: Array<{ statusCode: number }> }> }
      ).deliveries;
      expect(delivery?.status).toBe('succeeded');
      expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 503, 200]);
    } finally {
      receiver.server.close();
    }
  });

  it('does not deliver events an endpoint did not subscribe to, and refuses non-http endpoints', async () => {
    const bad = await t.call({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { affiliateId, url: 'file:///etc/passwd' },
    });
    expect(bad.statusCode).toBe(400);
    const unknownEvent = await t.call({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { affiliateId, url: 'https://partner.example/hooks', events: ['everything'] },
    });
    expect(unknownEvent.statusCode).toBe(400);
    await t.context.db.transaction((tx) =>
      emitPartnerEvent(t.context, tx, {
        eventId: 'payout.paid:po_1',
        affiliateId,
        type: 'payout.paid',
        data: {},
      }),
    );
    const rows = await t.context.db.query<{ n: number }>(
      "SELECT count(*)::int8 AS n FROM webhook_deliveries WHERE event_id = 'payout.paid:po_1'",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(40)).toBe(6 * 3600);
  });
});
