import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockFileName } from '../../src/platform/db/data_folder_lock.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { type RunningServer, runCli, startServer } from '../support/processes.js';

// These tests start server and CLI processes: an explicit budget, with room for a loaded machine.
vi.setConfig({ testTimeout: spawnedProcessesBudgetMs });

const adminKey = 'emd_admin_lock_test_0123456789abcdef';
/** Real processes on a loaded machine: generous, and no assertion depends on it. */
const processTestMs = 300_000;

let server: RunningServer | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function adminClockStatus(baseUrl: string, key: string): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/admin/clock`, { headers: { authorization: `Bearer ${key}` } });
  return response.status;
}

describe.runIf(testDatabaseKind === 'pglite')('one process per embedded data folder', () => {
  function dataFolder(): Record<string, string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'emdash-lock-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    return { DATA_DIR: dataDir, EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey };
  }

  it(
    'a CLI command and a second server refuse the folder the server holds, and write nothing',
    async () => {
      const environment = dataFolder();
      server = await startServer(environment);
      const serverPid = server.child.pid;
      const inUse = new RegExp(`data folder .* is in use by process ${serverPid} \\(serve`);

      const cli = await runCli(['keys', 'create', '--scope', 'admin'], environment);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(inUse);
      expect(cli.stdout).toBe('');

      const second = await runCli(['serve'], { ...environment, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(inUse);

      // The server was not disturbed, and the lock is its own.
      expect(await adminClockStatus(server.baseUrl, adminKey)).toBe(200);
      expect(await server.stop()).toBe(0);
      server = undefined;
      expect(existsSync(join(environment.DATA_DIR!, lockFileName))).toBe(false);

      // Once the server is stopped the CLI works, and what it wrote is there after a restart.
      const created = await runCli(['--json', 'keys', 'create', '--scope', 'admin'], environment);
      expect(created.code, created.stderr).toBe(0);
      const { key } = JSON.parse(created.stdout) as { key: string };
      server = await startServer(environment);
      expect(await adminClockStatus(server.baseUrl, key)).toBe(200);
    },
    processTestMs,
  );

  it(
    'a lock left by a process that died is taken over',
    async () => {
      const environment = dataFolder();
      const dead = spawnSync(process.execPath, ['-e', '']);
      expect(dead.status).toBe(0);
      writeFileSync(
        join(environment.DATA_DIR!, lockFileName),
        `${dead.pid}\n2026-01-01T00:00:00.000Z\nserve\n`,
      );

      // Without the migrated template the new folder is created by initdb, so `migrate` has work to do.
      const migrated = await runCli(['--json', 'migrate'], { ...environment, EMDASH_PGLITE_TEMPLATE: 'off' });
      expect(migrated.code, migrated.stderr).toBe(0);
      expect((JSON.parse(migrated.stdout) as { applied: number[] }).applied.length).toBeGreaterThan(0);
      expect(existsSync(join(environment.DATA_DIR!, lockFileName))).toBe(false);
    },
    processTestMs,
  );
});

describe.runIf(testDatabaseKind === 'postgres')('PostgreSQL needs no folder lock', () => {
  it(
    'a key the CLI creates beside a running server works on that server at once',
    async () => {
      const database: TestDatabase = await createTestDatabase();
      cleanups.push(() => database.drop());
      const environment = { DATABASE_URL: database.url!, EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey };
      server = await startServer(environment);

      const created = await runCli(['--json', 'keys', 'create', '--scope', 'admin'], environment);
      expect(created.code, created.stderr).toBe(0);
      const { key } = JSON.parse(created.stdout) as { key: string };
      expect(await adminClockStatus(server.baseUrl, key)).toBe(200);
    },
    processTestMs,
  );
});
