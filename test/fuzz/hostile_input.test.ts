import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAffiliate } from '../../src/partners/create_affiliate.js';
import { createApiKey } from '../../src/partners/create_api_key.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLink } from '../../src/tracking/create_link.js';
import { startTestApp, type TestApp, testAdminKey } from '../support/app.js';
import { signedHeader, testWebhookSecret } from '../support/stripe_events.js';
import {
  type HostileRequest,
  hostileRequestArbitrary,
  type Operation,
  operationsOf,
} from './hostile_requests.js';

/**
 * Walks every operation of the app's own `/openapi.json` (so a route added later is covered
 * without touching this file) with hostile requests, under an admin key, another affiliate's key,
 * a track key and no key, over real HTTP. Every answer must be below 500; an error must be
 * problem+json; no answer may carry a stack trace, key material, or another affiliate's data; and
 * a refused request must leave every table's row count as it was. Generation is fast-check with a
 * fixed seed per operation, so the same requests are sent on every run.
 */
const seed = 20_260_701;
const runsPerOperationAndKey = 8;
/** Requests are many but each is bounded; the budget only guards against a hang. */
const walkBudgetMs = 300_000;

type KeyKind = 'admin' | 'other_affiliate' | 'track' | 'none';
const keyKinds: readonly KeyKind[] = ['admin', 'other_affiliate', 'track', 'none'];

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

interface Finding {
  operation: string;
  key: KeyKind;
  label: string;
  url: string;
  problem: string;
}

describe('hostile input on every operation of /openapi.json', () => {
  let t: TestApp;
  let origin: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const keys: Record<KeyKind, string | null> = {
    admin: testAdminKey,
    other_affiliate: null,
    track: null,
    none: null,
  };
  /** Strings that only the victim affiliate's owner or an admin may ever see, and key material nobody may. */
  const victimSecrets: string[] = [];
  const keySecrets: string[] = [];
  const realPathValues: string[] = [];
  let tables: string[] = [];

  beforeAll(async () => {
    const generous = loadConfig({
      LOG_LEVEL: 'silent',
      EMDASH_RATE_LIMIT_PER_KEY: '1000000',
      EMDASH_RATE_LIMIT_PER_ADDRESS: '1000000',
      EMDASH_RATE_LIMIT_SIGN_IN_PER_ADDRESS: '1000000',
    });
    t = await startTestApp({
      config: { rateLimit: generous.rateLimit, stripeWebhookSecret: testWebhookSecret },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;

    const marker = createHash('sha256').update(String(seed)).digest('hex').slice(0, 10);
    const victim = await createAffiliate(t.context, {
      email: `victim.${marker}@victim-${marker}.example`,
      name: `Victim ${marker}`,
      kind: 'developer',
    });
    const attacker = await createAffiliate(t.context, {
      email: `attacker.${marker}@attacker-${marker}.example`,
      name: `Attacker ${marker}`,
      kind: 'developer',
    });
    const victimLink = await createLink(t.context, {
      affiliateId: victim.id,
      destination: 'https://emdash.dev/signup',
      tag: `victim-post-${marker}`,
    });
    const victimKey = await createApiKey(t.context, {
      scope: 'affiliate',
      name: 'victim',
      affiliateId: victim.id,
    });
    const attackerKey = await createApiKey(t.context, {
      scope: 'affiliate',
      name: 'attacker',
      affiliateId: attacker.id,
    });
    const trackKey = await createApiKey(t.context, { scope: 'track', name: 'backend' });
    keys.other_affiliate = attackerKey.key;
    keys.track = trackKey.key;
    victimSecrets.push(victim.email, victim.name, victim.id, victimLink.code, `victim-post-${marker}`);
    keySecrets.push(testAdminKey, victimKey.key, attackerKey.key, trackKey.key);
    realPathValues.push(victim.id, attacker.id, victimLink.code, '2026-01');
    const rows = await t.context.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    tables = rows.map((row) => row.tablename);
  });
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row] = await t.context.db.query<Record<string, number | string>>(
      `SELECT ${tables.map((table) => `(SELECT count(*) FROM "${table}") AS "${table}"`).join(', ')}`,
    );
    return Object.fromEntries(Object.entries(row ?? {}).map(([table, count]) => [table, Number(count)]));
  }

  /** Real HTTP with the raw path as written (no URL normalization); a live event stream is closed once it opens. */
  function send(request: HostileRequest, key: string | null): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (key) headers['authorization'] = `Bearer ${key}`;
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      const outgoing = httpRequest(
        `${origin}/`,
        { method: request.method, path: request.url, headers, agent },
        (response) => {
          const contentType = String(response.headers['content-type'] ?? '');
          if (contentType.startsWith('text/event-stream')) {
            response.destroy();
            outgoing.destroy();
            resolve({ status: response.statusCode ?? 0, contentType, body: '' });
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  function problemsWith(request: HostileRequest, kind: KeyKind, answer: Answer, writes: string[]): string[] {
    const problems: string[] = [];
    const sent = `${request.url}\n${request.body ?? ''}`;
    if (answer.status >= 500) problems.push(`answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    if (answer.status >= 400 && !answer.contentType.startsWith('application/problem+json')) {
      problems.push(`error answered as ${answer.contentType || 'no content type'}`);
    }
    if (/\n\s+at \S|node_modules|\.ts:\d+:\d+/.test(answer.body)) problems.push('stack trace in the answer');
    for (const secret of keySecrets) {
      if (answer.body.includes(secret)) problems.push('key material in the answer');
    }
    if (kind !== 'admin') {
      for (const secret of victimSecrets) {
        if (answer.body.includes(secret) && !sent.includes(secret)) {
          problems.push(`another affiliate's data in the answer (${secret})`);
        }
      }
      if (answer.status < 400 && victimSecrets.some((secret) => request.url.includes(secret))) {
        problems.push(`answered ${answer.status} to a request for another affiliate's data`);
      }
    }
    if (answer.status >= 400 && writes.length > 0) problems.push(`refused, yet wrote: ${writes.join(', ')}`);
    return problems;
  }

  /** Stripe's endpoint verifies its signature first: sign some bodies so they reach the parsing behind it. */
  function signedWhenStripe(operation: Operation, request: HostileRequest, index: number): HostileRequest {
    if (!operation.path.includes('webhooks/stripe') || index % 2 === 1 || request.body === undefined)
      return request;
    const payload = typeof request.body === 'string' ? request.body : request.body.toString('utf8');
    return {
      ...request,
      label: `signed ${request.label}`,
      headers: { ...request.headers, 'stripe-signature': signedHeader(payload, new Date()) },
    };
  }

  it(
    'answers every hostile request below 500, as problem+json, without leaks or writes',
    async () => {
      const document = (await send(
        { label: 'document', method: 'GET', url: '/openapi.json', headers: {}, body: undefined },
        null,
      )) as Answer;
      const operations = operationsOf(JSON.parse(document.body));
      expect(operations.length).toBeGreaterThan(20);
      const findings: Finding[] = [];
      const statuses = new Set<number>();
      for (const operation of operations) {
        const name = `${operation.method} ${operation.path}`;
        const operationSeed =
          seed + [...name].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1_000_003, 0);
        const samples = fc.sample(hostileRequestArbitrary(operation, realPathValues), {
          seed: operationSeed,
          numRuns: runsPerOperationAndKey * keyKinds.length,
        });
        for (const [index, sample] of samples.entries()) {
          const kind = keyKinds[index % keyKinds.length]!;
          const request = signedWhenStripe(operation, sample, index);
          const before = await rowCounts();
          const answer = await send(request, keys[kind]);
          const after = await rowCounts();
          const writes = Object.keys(after).filter((table) => after[table] !== before[table]);
          statuses.add(answer.status);
          for (const problem of problemsWith(request, kind, answer, writes)) {
            findings.push({
              operation: name,
              key: kind,
              label: request.label,
              url: request.url.slice(0, 200),
              problem,
            });
          }
        }
      }
      // The walk reached past validation into the routes, and met each kind of refusal.
      expect([...statuses].filter((status) => status < 300).length).toBeGreaterThan(0);
      for (const status of [400, 401, 403, 404, 413, 415]) expect(statuses).toContain(status);
      expect(findings, JSON.stringify(findings.slice(0, 20), null, 2)).toEqual([]);
    },
    walkBudgetMs,
  );
});
