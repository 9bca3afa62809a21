import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, testDatabaseKind } from '../support/database.js';
import { eventually, type RunningServer, runCli, startServer } from '../support/processes.js';

// These tests start server and CLI processes: an explicit budget, with room for a loaded machine.
vi.setConfig({ testTimeout: spawnedProcessesBudgetMs });

const adminKey = 'emd_admin_clock_test_0123456789abcdef';
const seed = '2026-01-05T00:00:00.000Z';
/** Real processes on a loaded machine: generous, and no assertion depends on it. */
const processTestMs = 400_000;

const servers: RunningServer[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database of the suite's kind (a PGlite folder or a PostgreSQL database) on a simulated clock. */
async function simulatedEnvironment(): Promise<Record<string, string>> {
  const base = { EMDASH_SIMULATED_CLOCK: seed, EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey };
  if (testDatabaseKind === 'postgres') {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    return { ...base, DATABASE_URL: database.url! };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'emdash-clock-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { ...base, DATA_DIR: dataDir };
}

async function start(environment: Record<string, string>): Promise<RunningServer> {
  const server = await startServer(environment);
  servers.push(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  expect(await server.stop()).toBe(0);
}

function admin(server: RunningServer, path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${adminKey}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}

async function clockOf(server: RunningServer): Promise<string> {
  const response = await admin(server, '/v1/admin/clock');
  expect(response.status).toBe(200);
  return ((await response.json()) as { now: string }).now;
}

describe('the simulated clock is stored in the database', () => {
  it(
    'a restart and the CLI see the time the API moved to; the seed does not reset it',
    async () => {
      const environment = await simulatedEnvironment();
      let server = await start(environment);
      expect(await clockOf(server)).toBe(seed);
      // Past the end of February, before its scheduled reconciliation (the 1st at 02:00).
      const moved = await admin(server, '/v1/admin/clock', {
        method: 'POST',
        body: { now: '2026-03-01T01:00:00Z' },
      });
      expect(moved.status, await moved.text()).toBe(200);

      // The embedded database is one process's at a time; PostgreSQL is shared while the server runs.
      if (testDatabaseKind === 'pglite') await stop(server);
      const reconciled = await runCli(['--json', 'reconcile', '--month', '2026-02'], environment);
      expect(reconciled.code, reconciled.stderr).toBe(0);
      expect(JSON.parse(reconciled.stdout)).toMatchObject({
        month: '2026-02',
        asOf: '2026-03-01T01:00:00.000Z',
      });
      const shown = await runCli(['--json', 'clock', 'show'], environment);
      expect(JSON.parse(shown.stdout)).toEqual({ now: '2026-03-01T01:00:00.000Z', simulated: true });

      if (testDatabaseKind === 'postgres') await stop(server);
      server = await start(environment);
      expect(await clockOf(server)).toBe('2026-03-01T01:00:00.000Z');
      const backwards = await admin(server, '/v1/admin/clock', {
        method: 'POST',
        body: { now: '2026-02-01T00:00:00Z' },
      });
      expect(backwards.status).toBe(409);
      expect(await clockOf(server)).toBe('2026-03-01T01:00:00.000Z');
    },
    processTestMs,
  );

  it(
    'clock set moves the stored clock, runs the jobs it passes, and refuses to go back',
    async () => {
      const environment = await simulatedEnvironment();
      const set = await runCli(['--json', 'clock', 'set', '2026-02-01T03:00:00Z'], environment);
      expect(set.code, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({ now: '2026-02-01T03:00:00.000Z', previous: seed });

      const back = await runCli(['clock', 'set', '2026-01-31T00:00:00Z'], environment);
      expect(back.code).toBe(1);
      expect(back.stderr).toMatch(/cannot go back/);
      expect(back.stdout).toBe('');

      const server = await start(environment);
      expect(await clockOf(server)).toBe('2026-02-01T03:00:00.000Z');
      // The monthly reconciliation fell due on 2026-02-01 at 02:00 and ran in the CLI's move.
      const report = await admin(server, '/v1/admin/reconciliations/2026-01');
      expect(report.status).toBe(200);
      expect(await report.json()).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });
    },
    processTestMs,
  );

  it.runIf(testDatabaseKind === 'postgres')(
    'on PostgreSQL, servers and the CLI on one database agree on the time',
    async () => {
      const environment = await simulatedEnvironment();
      const first = await start(environment);
      const second = await start(environment);

      const moved = await admin(first, '/v1/admin/clock', {
        method: 'POST',
        body: { now: '2026-01-20T00:00:00Z' },
      });
      expect(moved.status).toBe(200);
      expect(await eventually(() => clockOf(second), '2026-01-20T00:00:00.000Z')).toBe(
        '2026-01-20T00:00:00.000Z',
      );

      const set = await runCli(['--json', 'clock', 'set', '2026-01-25T00:00:00Z'], environment);
      expect(set.code, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({ previous: '2026-01-20T00:00:00.000Z' });
      for (const server of [first, second]) {
        await eventually(() => clockOf(server), '2026-01-25T00:00:00.000Z');
      }
    },
    processTestMs,
  );
});
