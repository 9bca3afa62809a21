import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { eventually, type RunningServer, startServer } from '../support/processes.js';
import { browserAgent } from './support.js';

const adminKey = 'emd_admin_two_processes_0123456789';

interface Redirected {
  clickId: string;
  cookie: string;
}

/** A browser following a link: its address named by the proxy in front (X-Forwarded-For). */
async function follow(
  server: RunningServer,
  code: string,
  address: string,
  cookie?: string,
): Promise<Redirected> {
  const response = await fetch(`${server.baseUrl}/r/${code}`, {
    redirect: 'manual',
    headers: {
      'user-agent': browserAgent,
      'x-forwarded-for': address,
      ...(cookie ? { cookie } : {}),
    },
  });
  expect(response.status).toBe(302);
  const clickId = new URL(response.headers.get('location') ?? '').searchParams.get('emd_click') ?? '';
  const cookieHeader = response.headers.get('set-cookie') ?? '';
  return { clickId, cookie: cookieHeader.split(';')[0]! };
}

/**
 * Two API processes on one PostgreSQL database, each with its own click buffer: a visitor's clicks
 * through both within the dedupe window count once, whichever process writes first; different
 * visitors all count. PostgreSQL only (an embedded database belongs to one process).
 */
describe.skipIf(testDatabaseKind !== 'postgres')('the redirect served by two processes', () => {
  let database: TestDatabase;
  let servers: RunningServer[] = [];
  let code: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const environment = {
      DATABASE_URL: database.url!,
      EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey,
      // The test stands in for the load balancer that names each visitor.
      EMDASH_TRUSTED_PROXIES: '127.0.0.1',
    };
    servers = await Promise.all([startServer(environment), startServer(environment)]);
    const api = (path: string, body: object) =>
      fetch(`${servers[0]!.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<Record<string, string>>);
    const affiliate = await api('/v1/affiliates', {
      email: 'two@example.com',
      name: 'Two',
      kind: 'developer',
    });
    code = (await api('/v1/links', { affiliateId: affiliate.id! })).code!;
  }, spawnedProcessesBudgetMs);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  const countedClicks = async () => {
    const [row] = await database.db.query<{ clicks: number; counted: number }>(
      'SELECT count(*)::int8 AS clicks, count(*) FILTER (WHERE counted)::int8 AS counted FROM clicks',
    );
    return row!;
  };

  it(
    'counts one visitor once across both processes, and distinct visitors each once',
    async () => {
      const [first, second] = servers as [RunningServer, RunningServer];
      // The same visitor (address and browser) through one process, then the other.
      const throughFirst = await follow(first, code, '198.51.100.7');
      const throughSecond = await follow(second, code, '198.51.100.7');
      // A visitor who changes network keeps the cookie the first process set.
      const fromHome = await follow(second, code, '198.51.100.8');
      const fromWork = await follow(first, code, '203.0.113.8', fromHome.cookie);
      // Ten different visitors, alternating between the processes.
      for (let visitor = 0; visitor < 10; visitor++) {
        await follow(servers[visitor % 2]!, code, `192.0.2.${visitor + 10}`);
      }
      await eventually(async () => (await countedClicks()).clicks, 14);
      expect(await countedClicks()).toEqual({ clicks: 14, counted: 1 + 1 + 10 });

      const rows = await database.db.query<{
        id: string;
        counted: boolean;
        repeat_of_click_id: string | null;
      }>('SELECT id, counted, repeat_of_click_id FROM clicks WHERE id = ANY($1::text[])', [
        [throughFirst.clickId, throughSecond.clickId, fromHome.clickId, fromWork.clickId],
      ]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const [one, other] of [
        [throughFirst, throughSecond],
        [fromHome, fromWork],
      ] as const) {
        const pair = [byId.get(one.clickId)!, byId.get(other.clickId)!];
        const counted = pair.filter((row) => row.counted);
        expect(counted).toHaveLength(1);
        expect(pair.find((row) => !row.counted)!.repeat_of_click_id).toBe(counted[0]!.id);
      }
    },
    spawnedProcessesBudgetMs,
  );
});
