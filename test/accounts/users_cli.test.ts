import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { createTestDatabase, testDatabaseKind } from '../support/database.js';

const run = promisify(execFile);

describe('npm run cli -- users create', () => {
  let environment: Record<string, string>;
  let reopen: () => Promise<Database>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (testDatabaseKind === 'postgres') {
      const database = await createTestDatabase();
      await migrate(database.db);
      environment = { DATABASE_URL: database.url! };
      reopen = async () => database.db;
      cleanup = () => database.drop();
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'emdash-users-'));
      environment = { DATA_DIR: dataDir };
      reopen = () => openPglite(dataDir);
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
  });
  afterAll(async () => cleanup());

  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/app/main.ts', '--json', ...args], {
      env: { ...process.env, ...environment, LOG_LEVEL: 'silent', EMDASH_SIMULATED_CLOCK: '' },
    });

  /** Each command starts a process that opens and migrates the database: a bound against a hang only. */
  const commandBudgetMs = 180_000;

  it(
    'creates the first program manager',
    async () => {
      const created = await cli(
        'users',
        'create',
        '--email',
        'Boss@EmDash.test',
        '--role',
        'program_manager',
      );
      expect(JSON.parse(created.stdout)).toMatchObject({
        email: 'boss@emdash.test',
        roles: ['program_manager'],
        affiliateId: null,
      });
    },
    commandBudgetMs,
  );

  it(
    'refuses the same email in any case, with a message and exit code 1',
    async () => {
      const again = cli('users', 'create', '--email', 'BOSS@emdash.test', '--role', 'program_manager');
      await expect(again).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('already exists'),
      });
    },
    commandBudgetMs,
  );

  it(
    'refuses an unknown role and an affiliate role without its affiliate',
    async () => {
      const badRole = cli('users', 'create', '--email', 'x@emdash.test', '--role', 'owner');
      await expect(badRole).rejects.toMatchObject({ stderr: expect.stringContaining('comma-separated') });
      const noAffiliate = cli('users', 'create', '--email', 'x@emdash.test', '--role', 'affiliate');
      await expect(noAffiliate).rejects.toMatchObject({ stderr: expect.stringContaining('affiliateId') });
      const db = await reopen();
      const rows = await db.query<{ email: string }>('SELECT email FROM users');
      expect(rows.map((row) => row.email)).toEqual(['boss@emdash.test']);
      if (testDatabaseKind === 'pglite') await db.close();
    },
    commandBudgetMs,
  );
});
