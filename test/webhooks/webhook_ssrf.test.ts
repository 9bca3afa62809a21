import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { buildServer } from '../../src/app/http/server.js';
import { deliverDueWebhooks } from '../../src/partners/deliver_webhooks.js';
import { emitPartnerEvent } from '../../src/partners/emit_partner_event.js';
import { webhookUrlRefusal } from '../../src/partners/webhook_target.js';
import { SimulatedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { testAdminKey } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startReceiver } from './receiver.js';

const refused = [
  'http://partner.example/hooks',
  'https://127.0.0.1/hooks',
  'https://127.1/hooks',
  'https://0x7f000001/hooks',
  'https://[::1]/hooks',
  'https://[::ffff:127.0.0.1]/hooks',
  'https://10.0.0.5/hooks',
  'https://172.16.3.4/hooks',
  'https://192.168.1.10/hooks',
  'https://169.254.169.254/latest/meta-data',
  'https://100.64.0.1/hooks',
  'https://0.0.0.0/hooks',
  'https://[fd00::1]/hooks',
  'https://localhost/hooks',
  'https://api.localhost/hooks',
  'https://metadata.google.internal/hooks',
  'https://intranet/hooks',
  'https://user:secret@partner.example/hooks',
  'ftp://partner.example/hooks',
  'not a url',
];

describe('which URLs may be webhook endpoints', () => {
  it.each(refused)('refuses %s', (url) => {
    expect(webhookUrlRefusal(url, { allowPrivate: false })).not.toBeNull();
  });

  it('accepts public https URLs, and loopback http only when private targets are allowed', () => {
    expect(webhookUrlRefusal('https://hooks.partner.example/emdash', { allowPrivate: false })).toBeNull();
    expect(webhookUrlRefusal('https://93.184.215.14:8443/hooks', { allowPrivate: false })).toBeNull();
    expect(webhookUrlRefusal('http://127.0.0.1:4000/hooks', { allowPrivate: true })).toBeNull();
    expect(webhookUrlRefusal('ftp://127.0.0.1/hooks', { allowPrivate: true })).not.toBeNull();
  });
});

/** The app on the real default (private targets refused), its jobs off so that only the test delivers. */
async function startGuardedApp(database: TestDatabase) {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), bootstrapAdminKey: testAdminKey };
  expect(config.allowPrivateWebhooks).toBe(false);
  const context: Context = await bootstrap(config, {
    db: database.db,
    clock: new SimulatedClock(new Date('2026-01-05T12:00:00Z')),
  });
  const app = await buildServer(context, { jobs: false });
  await app.ready();
  return { app, context };
}

describe('server-side request forgery through webhook endpoints', () => {
  let database: TestDatabase;
  let guarded: Awaited<ReturnType<typeof startGuardedApp>>;
  let affiliateId: string;
  const call = (payload: Record<string, unknown>) =>
    guarded.app.inject({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      headers: { authorization: `Bearer ${testAdminKey}` },
      payload,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    guarded = await startGuardedApp(database);
    const created = await guarded.app.inject({
      method: 'POST',
      url: '/v1/affiliates',
      headers: { authorization: `Bearer ${testAdminKey}` },
      payload: { email: 'ssrf@partner.dev', name: 'SSRF', kind: 'developer' },
    });
    affiliateId = (created.json() as { id: string }).id;
  });
  afterAll(async () => {
    await guarded.app.close();
    await database.drop();
  });

  it('refuses non-public and non-https targets at registration with a problem and writes nothing', async () => {
    for (const url of [
      'https://127.0.0.1:8443/hooks',
      'https://localhost/hooks',
      'http://partner.example/h',
    ]) {
      const response = await call({ affiliateId, url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'validation_failed', path: 'url' });
    }
    const rows = await guarded.context.db.query<{ n: number }>(
      'SELECT count(*)::int8 AS n FROM webhook_endpoints',
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('refuses at connection time a name that now resolves to a loopback address', async () => {
    const receiver = await startReceiver();
    try {
      // Registered while the name did not resolve to anything private (here: not at all).
      const registered = await call({
        affiliateId,
        url: `https://hooks.partner.example:${receiver.port}/in`,
      });
      expect(registered.statusCode).toBe(201);
      await guarded.context.db.transaction((tx) =>
        emitPartnerEvent(guarded.context, tx, {
          eventId: 'payout.paid:po_ssrf',
          affiliateId,
          type: 'payout.paid',
          data: { payoutId: 'po_ssrf' },
        }),
      );
      // …and then its DNS answer changed to 127.0.0.1.
      const toLoopback = ((_hostname, options, callback) => {
        if ((options as { all?: boolean }).all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
        else (callback as (error: null, address: string, family: number) => void)(null, '127.0.0.1', 4);
      }) as LookupFunction;

      expect(await deliverDueWebhooks(guarded.context, { lookup: toLoopback })).toEqual({
        attempted: 1,
        succeeded: 0,
        failed: 1,
      });
      expect(receiver.connections).toBe(0);
      const [attempt] = await guarded.context.db.query<{ status_code: number | null; error: string }>(
        'SELECT status_code, error FROM webhook_attempts',
      );
      expect(attempt).toMatchObject({ status_code: null });
      expect(attempt!.error).toMatch(/127\.0\.0\.1.*private IP address/);
    } finally {
      await receiver.close();
    }
  });
});
