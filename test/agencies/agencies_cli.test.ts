import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideApplication } from '../../src/accounts/decide_application.js';
import type { Mailer } from '../../src/accounts/mailer.js';
import { submitApplication } from '../../src/accounts/submit_application.js';
import { claimClientDomain } from '../../src/agencies/claim_client_domain.js';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { AppError } from '../../src/platform/rules/errors.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, testDatabaseKind } from '../support/database.js';
import { runCli } from '../support/processes.js';

const noMail: Mailer = { sendSignInLink: async () => undefined };

describe('npm run cli -- agencies … and disputes …', () => {
  let environment: Record<string, string>;
  let cleanup: () => Promise<void>;
  const ids: Record<string, string> = {};
  let flagId: string;

  async function idOf(context: Context, email: string): Promise<string> {
    const [row] = await context.db.query<{ id: string }>('SELECT id FROM affiliates WHERE email = $1', [
      email,
    ]);
    return row!.id;
  }

  beforeAll(async () => {
    let context: Context;
    if (testDatabaseKind === 'postgres') {
      const database = await createTestDatabase();
      environment = { DATABASE_URL: database.url! };
      context = await bootstrap(loadConfig({ ...environment, LOG_LEVEL: 'silent' }), { db: database.db });
      // The test database's pool closes with its drop.
      cleanup = () => database.drop();
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'emdash-agencies-'));
      environment = { DATA_DIR: dataDir };
      context = await bootstrap(loadConfig({ ...environment, LOG_LEVEL: 'silent' }), {
        db: await openPglite(dataDir),
      });
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    for (const [name, email, kind] of [
      ['holder', 'boss@holder.test', 'agency'],
      ['claimant', 'boss@claimant.test', 'agency'],
      ['waiting', 'boss@waiting.test', 'agency'],
      ['developer', 'dev@writer.test', 'developer'],
    ] as const) {
      await submitApplication(context, { email, name: `${name} inc`, kind });
      ids[name] = await idOf(context, email);
    }
    for (const name of ['holder', 'claimant'])
      await decideApplication(context, noMail, ids[name]!, 'approve');
    const scope = (agencyId: string) => ({ agencyId });
    await claimClientDomain(context, scope(ids.holder!), ids.holder!, {
      domain: 'client.example',
      actor: 'test',
    });
    const refused = await claimClientDomain(context, scope(ids.claimant!), ids.claimant!, {
      domain: 'client.example',
      actor: 'test',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    flagId = String((refused as AppError).details?.flagId);
    // The PGlite folder is opened by one process at a time: the commands below open it in turn.
    if (testDatabaseKind === 'pglite') await context.db.close();
  }, spawnedProcessesBudgetMs);

  afterAll(async () => cleanup());

  const cli = async (...args: string[]) => runCli(['--json', ...args], environment);

  // One command per test: each starts a process that opens and migrates the database.
  it(
    'lists pending agencies only, not developers',
    async () => {
      const pending = await cli('agencies', 'list');
      expect(pending.code).toBe(0);
      expect(JSON.parse(pending.stdout).map((row: { id: string }) => row.id)).toEqual([ids.waiting]);
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'approves a pending agency and mails its owner a sign-in link',
    async () => {
      const approved = await cli('agencies', 'approve', ids.waiting!);
      expect(approved.code).toBe(0);
      expect(JSON.parse(approved.stdout)).toMatchObject({
        id: ids.waiting,
        status: 'active',
        signInLinkSent: true,
      });
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'refuses to decide a developer affiliate as an agency',
    async () => {
      const developer = await cli('agencies', 'reject', ids.developer!);
      expect(developer.code).toBe(1);
      expect(developer.stderr).toContain('does not exist');
      expect(developer.stdout).toBe('');
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'lists the open dispute for people',
    async () => {
      const listed = await runCli(['disputes', 'list'], environment);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('domain: client.example');
      expect(listed.stdout).toContain(`flagId: ${flagId}`);
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'resolves the dispute for the claimant',
    async () => {
      const resolved = await cli('disputes', 'resolve', flagId, '--award', ids.claimant!);
      expect(resolved.code).toBe(0);
      expect(JSON.parse(resolved.stdout)).toMatchObject({
        flagId,
        domain: 'client.example',
        award: ids.claimant,
        status: 'confirmed',
        moved: true,
        resolvedBy: expect.stringMatching(/^cli:/),
      });
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'lists it among the confirmed disputes afterwards',
    async () => {
      const confirmed = await cli('disputes', 'list', '--status', 'confirmed');
      expect(JSON.parse(confirmed.stdout).map((row: { flagId: string }) => row.flagId)).toEqual([flagId]);
    },
    spawnedProcessesBudgetMs,
  );
});
