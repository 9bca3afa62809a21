#!/usr/bin/env node
// `npm test`: type-check, lint, no import cycles, then the whole suite on PGlite and on PostgreSQL.
// Without a reachable PostgreSQL the second run is skipped and said so; with CI=true it fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const postgresUrl = process.env.EMDASH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runSuite(database) {
  const reportFile = join(mkdtempSync(join(tmpdir(), 'emdash-test-')), 'report.json');
  const ok = run(
    `tests on ${database}`,
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
      ...extraArgs,
    ],
    {
      EMDASH_TEST_DB: database,
    },
  );
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    return {
      ok,
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return { ok, passed: 0, failed: 1, skipped: 0 };
  }
}

const checksOk =
  run('type-check', 'npx', ['tsc', '--noEmit']) &&
  run('type-check web app', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']) &&
  run('lint', 'npx', ['biome', 'check']) &&
  run('import cycles', 'npx', [
    'dpdm',
    '--no-warning',
    '--no-tree',
    '--exit-code',
    'circular:1',
    'src/**/*.ts',
    'web/src/**/*.{ts,tsx}',
  ]);
const totals = { passed: 0, failed: checksOk ? 0 : 1, skipped: 0 };
if (!checksOk)
  console.error('\nA static check failed (type-check, lint or import cycles): see its output above.');
let ok = checksOk;

for (const database of ['pglite', 'postgres']) {
  if (database === 'postgres' && !(await postgresReachable())) {
    if (inCi) {
      console.error(
        `\nPostgreSQL is not reachable at ${postgresUrl}: CI must run the suite on PostgreSQL, so this is a failure.`,
      );
      ok = false;
      totals.failed += 1;
    } else {
      console.warn(
        `\nPostgreSQL run SKIPPED: nothing answers at ${postgresUrl} (set EMDASH_TEST_POSTGRES_URL). Only PGlite was tested.`,
      );
    }
    continue;
  }
  const result = runSuite(database);
  ok &&= result.ok;
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  console.log(`${database}: ${result.passed} passed, ${result.failed} failed`);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
