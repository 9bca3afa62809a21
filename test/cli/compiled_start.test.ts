import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/platform/db/migrate.js';
import { pgliteTemplateManifestFile, usablePgliteTemplate } from '../../src/platform/db/pglite_template.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { freePort, processEnvironment } from '../support/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('migrations at start', () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('skips an up-to-date database after one query, and applies what is missing', async () => {
    database = await createTestDatabase();
    await migrate(database.db);
    expect(await migrate(database.db)).toEqual([]);
    const latest = listMigrations().find((migration) => migration.name === 'clicks_prior_click_index')!;
    await database.db.exec('DROP INDEX clicks_prior_click');
    await database.db.query('DELETE FROM schema_migrations WHERE version = $1', [latest.version]);
    expect(await migrate(database.db)).toEqual([latest.version]);
    const [index] = await database.db.query<{ name: string | null }>(
      "SELECT to_regclass('clicks_prior_click')::text AS name",
    );
    expect(index?.name).toBe('clicks_prior_click');
  });
});

describe('npm start (the compiled server)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'emdash-start-'));
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it(
    'serves /healthz and the web app on a fresh data folder, from the template when npm install made one',
    async () => {
      const port = await freePort();
      const environment: Record<string, string> = {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(folder, 'data'),
        LOG_LEVEL: 'info',
      };
      if (testDatabaseKind === 'postgres') {
        database = await createTestDatabase();
        environment.DATABASE_URL = database.url!;
      }
      const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), 'serve'], {
        cwd: root,
        env: processEnvironment(environment),
      });
      let log = '';
      child.stdout.on('data', (chunk) => {
        log += chunk;
      });
      child.stderr.on('data', (chunk) => {
        log += chunk;
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        for (;;) {
          if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}: ${log}`);
          const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
          if (health?.status === 200) break;
          await sleep(100);
        }
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect([200, 503]).toContain(page.status);
        expect(page.headers.get('content-type')).toContain('text/html');
        const redirect = await fetch(`http://127.0.0.1:${port}/r/no-such-code`);
        expect(redirect.status).toBe(404);
        if (testDatabaseKind === 'pglite' && usablePgliteTemplate()) {
          // A folder made from the template applies only the migrations newer than it.
          const manifest = JSON.parse(readFileSync(pgliteTemplateManifestFile, 'utf8')) as {
            migrations: Record<string, string>;
          };
          const newer = listMigrations()
            .map((migration) => migration.version)
            .filter((version) => !(String(version) in manifest.migrations));
          const line = log.split('\n').find((text) => text.includes('"migrations applied"'));
          const applied = line ? (JSON.parse(line) as { applied: number[] }).applied : [];
          expect(applied).toEqual(newer);
        }
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    spawnedProcessesBudgetMs,
  );
});
