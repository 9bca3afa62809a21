import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import { buildServer } from '../../src/app/http/server.js';
import { SimulatedClock } from '../../src/platform/clock.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { testDatabaseKind } from '../support/database.js';
import { eventually, runCli } from '../support/processes.js';

// These tests start server and CLI processes: an explicit budget, with room for a loaded machine.
vi.setConfig({ testTimeout: spawnedProcessesBudgetMs });

async function createKey(t: TestApp, name: string, scope = 'track'): Promise<{ id: string; key: string }> {
  const created = await t.call({ method: 'POST', url: '/v1/keys', payload: { scope, name } });
  expect(created.statusCode).toBe(201);
  return created.json() as { id: string; key: string };
}

describe('API keys: list and revoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('lists keys for admins without the key, its hash or its prefix, a page at a time', async () => {
    const first = await createKey(t, 'backend');
    const second = await createKey(t, 'reporting', 'admin');
    const listed = await t.call({ method: 'GET', url: '/v1/keys' });
    expect(listed.statusCode).toBe(200);
    const body = listed.json() as { keys: Array<Record<string, unknown>>; nextAfter: string | null };
    expect(body.keys.map((key) => key['id'])).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(body.keys.find((key) => key['id'] === first.id)).toEqual({
      id: first.id,
      name: 'backend',
      scope: 'track',
      affiliateId: null,
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const hashes = await t.context.db.query<{ key_hash: string; key_prefix: string }>(
      'SELECT key_hash, key_prefix FROM api_keys',
    );
    for (const secret of [
      first.key,
      second.key,
      ...hashes.flatMap((row) => [row.key_hash, row.key_prefix]),
    ]) {
      expect(listed.body).not.toContain(secret);
    }

    const pages: string[] = [];
    let after: string | null = null;
    do {
      const page = await t.call({ method: 'GET', url: `/v1/keys?limit=1${after ? `&after=${after}` : ''}` });
      const pageBody = page.json() as { keys: Array<{ id: string }>; nextAfter: string | null };
      expect(pageBody.keys.length).toBeLessThanOrEqual(1);
      pages.push(...pageBody.keys.map((key) => key.id));
      after = pageBody.nextAfter;
    } while (after);
    expect(pages).toEqual(body.keys.map((key) => key['id']));

    const asTracker = await t.call({ method: 'GET', url: '/v1/keys', auth: first.key });
    expect(asTracker.statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: '/v1/keys?limit=0' })).statusCode).toBe(400);
  });

  it('revokes a key: refused at once on this process, repeating keeps the first time, unknown ids 404', async () => {
    const { id, key } = await createKey(t, 'leaked');
    const usage = { method: 'POST' as const, url: '/v1/track/usage', payload: { events: [] }, auth: key };
    expect((await t.call(usage)).statusCode).toBe(200);

    const revoked = await t.call({ method: 'DELETE', url: `/v1/keys/${id}` });
    expect(revoked.statusCode).toBe(200);
    const { revokedAt } = revoked.json() as { revokedAt: string };
    expect(revokedAt).toBe(t.clock.now().toISOString());

    const refused = await t.call(usage);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'unauthenticated' });

    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 60_000));
    const again = await t.call({ method: 'DELETE', url: `/v1/keys/${id}` });
    expect(again.json()).toMatchObject({ id, revokedAt });

    const unknown = await t.call({ method: 'DELETE', url: '/v1/keys/key_unknown' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('a key revoked on one process, on another', () => {
  let t: TestApp;
  let other: FastifyInstance;
  let closeOther: () => Promise<void>;
  beforeAll(async () => {
    t = await startTestApp();
    const db = await openPostgres(t.database.url!);
    const context = await bootstrap(t.context.config, { db, clock: new SimulatedClock(t.clock.now()) });
    other = await buildServer(context, { jobs: false });
    await other.ready();
    closeOther = async () => {
      await other.close();
      await db.close();
    };
  });
  afterAll(async () => {
    await closeOther();
    await t.close();
  });

  it('the other process refuses it within seconds, though it had just accepted it', async () => {
    const { id, key } = await createKey(t, 'shared');
    const statusOnOther = async () =>
      (
        await other.inject({
          method: 'POST',
          url: '/v1/track/usage',
          headers: { authorization: `Bearer ${key}` },
          payload: { events: [] },
        })
      ).statusCode;
    expect(await statusOnOther()).toBe(200);
    expect((await t.call({ method: 'DELETE', url: `/v1/keys/${id}` })).statusCode).toBe(200);
    const startedMs = Date.now();
    expect(await eventually(statusOnOther, 401)).toBe(401);
    // Bounded by the cache lifetime (5 s); the test's own timeout is the only deadline.
    console.info(`revocation reached the other process after ${Date.now() - startedMs} ms`);
  });
});

describe('npm run cli -- keys list | revoke', () => {
  let environment: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (testDatabaseKind === 'postgres') {
      const t = await startTestApp();
      environment = { DATABASE_URL: t.database.url! };
      await t.app.close();
      cleanup = () => t.database.drop();
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'emdash-keys-'));
      environment = { DATA_DIR: dataDir };
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
  });
  afterAll(async () => cleanup());

  it('lists the keys without secrets and revokes one by id', async () => {
    const created = await runCli(
      ['--json', 'keys', 'create', '--scope', 'track', '--name', 'ci'],
      environment,
    );
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };

    const listed = await runCli(['--json', 'keys', 'list'], environment);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key);
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; revokedAt: string | null }>;
    expect(keys.find((entry) => entry.id === id)).toMatchObject({ id, revokedAt: null });

    const revoked = await runCli(['--json', 'keys', 'revoke', id], environment);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id, revokedAt: expect.any(String) });

    const unknown = await runCli(['keys', 'revoke', 'key_unknown'], environment);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('key_unknown');
    expect(unknown.stdout).toBe('');
  }, 120_000);
});
