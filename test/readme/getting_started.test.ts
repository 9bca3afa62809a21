import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileName } from '../../src/platform/db/data_folder_lock.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { freePort, processEnvironment } from '../support/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The first `sh` block after the "Getting started with the API" heading of README.md. */
function gettingStartedBlock(readme: string): string {
  const section = readme.slice(readme.indexOf('## Getting started with the API'));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section);
  if (!block?.[1]) throw new Error('README.md has no getting-started sh block');
  return block[1];
}

/**
 * A checkout as a newcomer has it: the block runs in a folder holding the package (linked), so its
 * `./data` and `emdash.log` land in that folder and nowhere else.
 */
function checkoutFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'emdash-readme-'));
  for (const entry of ['package.json', 'tsconfig.json', 'node_modules', 'src', 'scripts']) {
    symlinkSync(join(root, entry), join(folder, entry));
  }
  return folder;
}

describe('README getting-started block', () => {
  const folder = checkoutFolder();
  let groupId: number | undefined;
  let database: TestDatabase | undefined;

  afterAll(async () => {
    if (groupId) {
      try {
        process.kill(-groupId, 'SIGTERM');
      } catch {
        // the group is gone already
      }
      // A clean stop of the server removes its lock; wait for it before removing the folder.
      while (existsSync(join(folder, 'data', lockFileName))) await sleep(200);
    }
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs as written with bash, each step printing what the README says it does', async () => {
    const block = gettingStartedBlock(readFileSync(join(root, 'README.md'), 'utf8'));
    const port = await freePort();
    const environment: Record<string, string> = { PORT: String(port), LOG_LEVEL: 'info' };
    if (testDatabaseKind === 'postgres') {
      database = await createTestDatabase();
      environment.DATABASE_URL = database.url!;
    }
    // Its own process group, so that the server the block starts in the background stops with it.
    const child = spawn('bash', ['-e', '-c', block], {
      cwd: folder,
      env: processEnvironment(environment),
      detached: true,
    });
    groupId = child.pid;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stderr).toBe('');

    const lines = stdout.trim().split('\n');
    const [health, keyLine, linkLine, redirectLine, signup, usage, referral, link] = lines;
    expect(lines).toHaveLength(8);
    expect(JSON.parse(health!)).toMatchObject({ status: 'ok' });
    expect(keyLine).toMatch(/^track key: emd_\w+$/);
    const [, affiliateId, linkCode] = /^affiliate: (aff_\w+), link: http:\/\/localhost:\d+\/r\/(\w+)$/.exec(
      linkLine!,
    )!;
    expect(affiliateId).toBeDefined();
    const [, clickId] = /^redirected to: https:\/\/emdash\.dev\/signup\?emd_click=(clk_\w+)$/.exec(
      redirectLine!,
    )!;
    expect(clickId).toBeDefined();
    expect(JSON.parse(signup!)).toMatchObject({
      teamId: 'team_42',
      attributed: true,
      affiliateId,
      rule: 'click',
    });
    expect(JSON.parse(usage!)).toMatchObject({ accepted: 1, rejected: [] });
    expect(JSON.parse(referral!)).toMatchObject({
      teamId: 'team_42',
      affiliateId,
      clickId,
      tag: 'my-blog-post',
    });
    expect(JSON.parse(link!)).toMatchObject({
      code: linkCode,
      affiliateId,
      funnel: { clicks: 1, signups: 1 },
    });
    // The server's logs went to the file the README names, not into the answers.
    expect(readFileSync(join(folder, 'emdash.log'), 'utf8')).toMatch(/Server listening/);
  }, 300_000);
});
