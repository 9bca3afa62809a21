import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { createTestDatabase, testDatabaseKind } from '../support/database.js';
import { mainArgs, processEnvironment, type RunningServer, startServer } from '../support/processes.js';

// These tests start `serve` and `worker` processes: an explicit budget, with room for a loaded machine.
vi.setConfig({ testTimeout: spawnedProcessesBudgetMs });

const adminKey = 'emd_admin_jobs_test_0123456789abcdef';
const dayMs = 24 * 60 * 60_000;

interface OccurrenceRow {
  job: string;
  scheduled_for: Date;
  finished_at: Date | null;
  error: string | null;
  result: Record<string, unknown> | null;
}

interface Place {
  environment: Record<string, string>;
  /** Opens the database the processes use (on PGlite only while none of them runs). */
  open(): Promise<Database>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh, migrated database of the suite's kind: a PGlite data folder or a PostgreSQL database. */
async function freshPlace(): Promise<Place> {
  if (testDatabaseKind === 'postgres') {
    const database = await createTestDatabase();
    await migrate(database.db);
    cleanups.push(() => database.drop());
    return { environment: { DATABASE_URL: database.url! }, open: () => openPostgres(database.url!) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'emdash-jobs-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const place = { environment: { DATA_DIR: dataDir }, open: () => openPglite(dataDir) };
  const db = await place.open();
  await migrate(db);
  await db.close();
  return place;
}

async function occurrences(place: Place): Promise<OccurrenceRow[]> {
  const db = await place.open();
  try {
    return await db.query<OccurrenceRow>(
      'SELECT job, scheduled_for, finished_at, error, result FROM job_occurrences ORDER BY scheduled_for, job',
    );
  } finally {
    await db.close();
  }
}

/**
 * A daily sweep that fell due ten minutes ago on the real clock, with yesterday's occurrence
 * already finished: a process that starts its scheduler now owes exactly today's, at once, and
 * no test waits for the wall clock to reach a time.
 */
async function sweepMissedTenMinutesAgo(place: Place): Promise<{ schedule: string; due: Date }> {
  const due = new Date(Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000);
  const yesterday = new Date(due.getTime() - dayMs);
  const db = await place.open();
  try {
    await db.query(
      `INSERT INTO job_occurrences (job, scheduled_for, claimed_at, finished_at, result)
       VALUES ('sweep', $1, $1, $1, '{}')`,
      [yesterday],
    );
  } finally {
    await db.close();
  }
  const time = due.toISOString().slice(11, 16);
  return { schedule: `daily@${time}`, due };
}

/** Waits until a process has written `text` to its standard output (its JSON log). */
async function untilLogged(child: ChildProcess, output: () => string, text: string): Promise<void> {
  while (!output().includes(text)) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}: ${output()}`);
    await sleep(250);
  }
}

function startWorker(environment: Record<string, string>) {
  const child = spawn(process.execPath, mainArgs(['worker']), { env: processEnvironment(environment) });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  cleanups.push(async () => void (await stop()));
  return { child, output: () => output, stop };
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

const finishedSweep = (due: Date) =>
  expect.objectContaining({
    job: 'sweep',
    scheduled_for: due,
    error: null,
    finished_at: expect.any(Date),
    result: expect.objectContaining({ asOf: due.toISOString() }),
  });

describe('worker', () => {
  it('on the real clock, schedules a due sweep, works it from the queue and stores its result', async () => {
    const place = await freshPlace();
    const { schedule, due } = await sweepMissedTenMinutesAgo(place);
    const worker = startWorker({ ...place.environment, LOG_LEVEL: 'info', EMDASH_SCHEDULE_SWEEP: schedule });
    await untilLogged(worker.child, worker.output, '"msg":"job finished"');
    expect(await worker.stop()).toBe(0);

    const rows = await occurrences(place);
    // Reconciliation and payouts had nothing due since the worker started; the sweep ran once.
    expect(rows.map((row) => row.job)).toEqual(['sweep', 'sweep']);
    expect(rows[1]).toEqual(finishedSweep(due));
  });
});

describe('serve', () => {
  it('on the real clock, starts the job queue after listening and runs a due sweep', async () => {
    const place = await freshPlace();
    const { schedule, due } = await sweepMissedTenMinutesAgo(place);
    const server = await startServer({
      ...place.environment,
      EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey,
      EMDASH_SCHEDULE_SWEEP: schedule,
      LOG_LEVEL: 'info',
    });
    cleanups.push(async () => void (await server.stop()));
    // The embedded database is the server's alone while it runs: its log says when the sweep ended.
    await untilLogged(server.child, server.stdout, '"msg":"job finished"');
    const log = server.stdout();
    expect(log.indexOf('Server listening')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('Server listening')).toBeLessThan(log.indexOf('"msg":"job finished"'));
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect((await occurrences(place))[1]).toEqual(finishedSweep(due));
  });

  it('on a simulated clock, runs the sweeps, reconciliation and payout run a clock move passes', async () => {
    const place = await freshPlace();
    const server = await startServer({
      ...place.environment,
      EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey,
      EMDASH_SIMULATED_CLOCK: '2026-01-31T12:00:00Z',
    });
    cleanups.push(async () => void (await server.stop()));
    const moved = await admin(server, '/v1/admin/clock', {
      method: 'POST',
      body: { now: '2026-02-01T12:00:00Z' },
    });
    expect(moved.status, await moved.text()).toBe(200);
    const report = await admin(server, '/v1/admin/reconciliations/2026-01');
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });
    expect(await server.stop()).toBe(0);

    const rows = await occurrences(place);
    expect(rows.map((row) => [row.job, row.scheduled_for.toISOString(), row.error])).toEqual([
      ['sweep', '2026-02-01T00:05:00.000Z', null],
      ['reconciliation', '2026-02-01T02:00:00.000Z', null],
      ['payouts.run', '2026-02-01T06:00:00.000Z', null],
    ]);
    for (const row of rows) expect(row.finished_at).toBeInstanceOf(Date);
    expect(rows[1]!.result).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });
  });
});
