import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

const run = promisify(execFile);

describe('npm run cli -- sweep', { timeout: spawnedProcessesBudgetMs }, () => {
  let environment: Record<string, string>;
  let teamId: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    let db: Database;
    if (testDatabaseKind === 'postgres') {
      const database: TestDatabase = await createTestDatabase();
      db = database.db;
      environment = { DATABASE_URL: database.url! };
      cleanup = () => database.drop();
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'emdash-sweep-'));
      db = await openPglite(dataDir);
      environment = { DATA_DIR: dataDir };
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    await migrate(db);
    const signedUpAt = new Date('2026-02-01T09:00:00Z');
    teamId = (await insertTeam(db, { affiliateId: await insertAffiliate(db, signedUpAt), at: signedUpAt }))
      .teamId;
    await db.query(`INSERT INTO team_usage_days (team_id, day, api_calls) VALUES ($1, '2026-02-10', 1200)`, [
      teamId,
    ]);
    if (testDatabaseKind === 'pglite') await db.close();
  });
  afterAll(async () => cleanup());

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/app/main.ts', '--json', ...args], {
      env: { ...process.env, ...environment, LOG_LEVEL: 'silent', EMDASH_SIMULATED_CLOCK: '' },
    });

  it('prints the summary of a sweep as of the given date, and is idempotent', async () => {
    const first = await cli('sweep', '--as-of', '2026-02-11');
    expect(JSON.parse(first.stdout)).toMatchObject({
      asOf: '2026-02-11T00:00:00.000Z',
      teamsActivated: 1,
      teamsSustained: 0,
      usageIdsPruned: 0,
    });
    const second = await cli('sweep', '--as-of', '2026-02-11');
    expect(JSON.parse(second.stdout)).toMatchObject({ teamsActivated: 0 });
  });

  it('refuses a date it cannot read', async () => {
    await expect(cli('sweep', '--as-of', 'someday')).rejects.toMatchObject({
      stderr: expect.stringContaining('expected an ISO date'),
    });
  });
});
