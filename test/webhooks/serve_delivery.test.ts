import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, testDatabaseKind } from '../support/database.js';
import { type RunningServer, startServer } from '../support/processes.js';
import { eventually, type Receiver, startReceiver } from './receiver.js';

// These tests start server and CLI processes: an explicit budget, with room for a loaded machine.
vi.setConfig({ testTimeout: spawnedProcessesBudgetMs });

const adminKey = 'emd_admin_webhook_serve_0123456789abcdef';
const browserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
/** A real process on a loaded machine: generous, and no assertion depends on it. */
const processTestMs = 300_000;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<Record<string, string>> {
  if (testDatabaseKind === 'postgres') {
    const created = await createTestDatabase();
    cleanups.push(() => created.drop());
    return { DATABASE_URL: created.url! };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'emdash-webhooks-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { DATA_DIR: dataDir };
}

async function api(server: RunningServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('the `serve` process delivers partner webhooks on its own', () => {
  it(
    'a signup recorded over HTTP reaches the partner, signed, with nothing calling the delivery by hand',
    async () => {
      const receiver: Receiver = await startReceiver();
      cleanups.push(() => receiver.close());
      const server = await startServer({
        ...(await database()),
        EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey,
        EMDASH_ALLOW_PRIVATE_WEBHOOKS: 'true',
      });
      cleanups.push(() => server.stop());

      const affiliate = await api(server, 'POST', '/v1/affiliates', {
        email: 'serve-hooks@partner.dev',
        name: 'Serve hooks',
        kind: 'developer',
      });
      const endpoint = await api(server, 'POST', '/v1/webhook-endpoints', {
        affiliateId: affiliate.id,
        url: receiver.url,
        events: ['referral.signed_up'],
      });
      const link = await api(server, 'POST', '/v1/links', { affiliateId: affiliate.id });
      const redirect = await fetch(`${server.baseUrl}/r/${link.code}`, {
        redirect: 'manual',
        headers: { 'user-agent': browserAgent },
      });
      const clickId = new URL(redirect.headers.get('location')!).searchParams.get('emd_click');
      expect(clickId).toBeTruthy();
      const signed = await api(server, 'POST', '/v1/track/signup', {
        teamId: 'team_served',
        email: 'dev@served-team.io',
        clickId,
      });
      expect(signed.attributed).toBe(true);

      // The real-clock job queue starts a few seconds after listening; the dispatcher polls then.
      const delivery = await eventually(() => receiver.received[0], 'the delivery from serve', 120_000);
      const payload = new Webhook(String(endpoint.secret)).verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      );
      expect(payload).toMatchObject({ type: 'referral.signed_up', data: { teamId: 'team_served' } });
      // The receiver answers before the dispatcher records the answer: wait for the record.
      const log = await eventually(
        async () => {
          const read = await api(server, 'GET', `/v1/affiliates/${affiliate.id}/webhook-deliveries`);
          const deliveries = read.deliveries as Array<{ status: string }> | undefined;
          return deliveries?.[0]?.status === 'pending' ? null : read;
        },
        'the delivery to be recorded',
        120_000,
      );
      expect(log.deliveries).toMatchObject([{ status: 'succeeded', attempts: [{ statusCode: 200 }] }]);
    },
    processTestMs,
  );
});
