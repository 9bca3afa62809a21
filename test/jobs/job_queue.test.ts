import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import type { JobDefinition } from '../../src/app/job_catalogue.js';
import type { Clock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { JobRunner, staleClaimMs } from '../../src/platform/jobs/job_runner.js';
import { pgliteAdapter } from '../../src/platform/jobs/queue.js';
import { parseSchedule } from '../../src/platform/rules/schedules.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';

/** Starting pg-boss creates its schema: seconds on a quiet machine, far more on a loaded one. */
const queueBudgetMs = 120_000;
vi.setConfig({ testTimeout: queueBudgetMs });

/** A clock that is not simulated (the queue path) but that the test moves. */
class ManualClock implements Clock {
  readonly simulated = false;
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = to;
  }
}

interface OccurrenceRow {
  claimed_at: Date;
  finished_at: Date | null;
  result: Record<string, unknown> | null;
}

const scheduledFor = new Date('2026-06-01T00:05:00Z');

let database: TestDatabase | undefined;
let runners: JobRunner[] = [];
afterEach(async () => {
  for (const runner of runners) await runner.stop();
  runners = [];
  await database?.drop();
  database = undefined;
});

/** The app's context on a fresh database of the suite's kind, with the queue on the given clock. */
async function queueContext(clock: Clock): Promise<Context> {
  database = await createTestDatabase();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), databaseUrl: database.url };
  return bootstrap(config, { db: database.db, clock });
}

function countingJob(runs: string[]): JobDefinition {
  return {
    name: 'counting',
    schedule: parseSchedule('daily@00:05')!,
    async run(_context, asOf) {
      runs.push(asOf.toISOString());
      return { asOf: asOf.toISOString() };
    },
  };
}

async function startRunner(context: Context, job: JobDefinition, work: boolean): Promise<JobRunner> {
  const runner = new JobRunner(context, [job]);
  runners.push(runner);
  await runner.start({ work, schedule: false });
  return runner;
}

const occurrence = async (context: Context) => {
  const [row] = await context.db.query<OccurrenceRow>(
    "SELECT claimed_at, finished_at, result FROM job_occurrences WHERE job = 'counting'",
  );
  return row;
};

/** Messages the queue holds for the job, whatever their state. */
const queuedMessages = async (context: Context) => {
  const rows = await context.db.query<{ count: string }>(
    "SELECT count(*) AS count FROM pgboss.job WHERE name = 'counting'",
  );
  return Number(rows[0]!.count);
};

describe('the queue adapter over the app connection', () => {
  // PostgreSQL runs pg-boss on its own pool; the adapter exists for PGlite's single connection.
  it.runIf(testDatabaseKind === 'pglite')(
    'answers parameterized and plain statements, runs scripts, and survives a failed script',
    async () => {
      database = await createTestDatabase();
      const adapter = pgliteAdapter(database.db);

      expect(await adapter.executeSql('SELECT $1::int AS n', [7])).toEqual({ rows: [{ n: 7 }], rowCount: 1 });
      expect(await adapter.executeSql('SELECT 1 AS n')).toEqual({ rows: [{ n: 1 }], rowCount: 1 });
      expect(
        await adapter.executeSql('CREATE TABLE queue_probe (n int); INSERT INTO queue_probe VALUES (1), (2)'),
      ).toEqual({ rows: [], rowCount: 0 });

      // A script that fails inside its own transaction: the connection must be usable afterwards.
      await expect(
        adapter.executeSql('BEGIN; INSERT INTO queue_probe VALUES (3); SELECT 1 / 0; COMMIT'),
      ).rejects.toThrow(/division by zero/);
      const rows = await database.db.query<{ n: number }>('SELECT n FROM queue_probe ORDER BY n');
      expect(rows.map((row) => row.n)).toEqual([1, 2]);
    },
  );

  it('runs pg-boss end to end: a claimed occurrence is sent, worked and stored once', async () => {
    const clock = new ManualClock(new Date('2026-05-31T23:00:00Z'));
    const context = await queueContext(clock);
    const runs: string[] = [];
    const runner = await startRunner(context, countingJob(runs), true);

    clock.set(new Date('2026-06-01T00:10:00Z'));
    expect(await runner.tick()).toBe(1);
    await vi.waitFor(async () => expect((await occurrence(context))?.finished_at).toBeInstanceOf(Date), {
      timeout: queueBudgetMs,
      interval: 200,
    });
    expect(await runner.tick()).toBe(0);
    expect(runs).toEqual([scheduledFor.toISOString()]);
    expect((await occurrence(context))?.result).toEqual({ asOf: scheduledFor.toISOString() });
    expect(await queuedMessages(context)).toBe(1);
  });
});

describe('a claim gone stale', () => {
  it('is sent to the queue again once, then runs to its end', async () => {
    const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
    const context = await queueContext(clock);
    const runs: string[] = [];
    const job = countingJob(runs);
    // A worker claimed the occurrence and died before finishing it.
    const claimedAt = new Date(clock.now().getTime() - staleClaimMs - 60_000);
    await context.db.query(
      'INSERT INTO job_occurrences (job, scheduled_for, claimed_at) VALUES ($1, $2, $3)',
      [job.name, scheduledFor, claimedAt],
    );
    const runner = await startRunner(context, job, true);

    expect(await runner.tick()).toBe(0); // nothing new fell due; the stale claim is sent again
    expect(await queuedMessages(context)).toBe(1);
    expect((await occurrence(context))?.claimed_at).toEqual(clock.now());
    // The claim is fresh again: a tick within the stale period leaves it alone.
    clock.set(new Date(clock.now().getTime() + staleClaimMs - 60_000));
    await runner.tick();
    expect(await queuedMessages(context)).toBe(1);

    await vi.waitFor(async () => expect((await occurrence(context))?.finished_at).toBeInstanceOf(Date), {
      timeout: queueBudgetMs,
      interval: 200,
    });
    expect(runs).toEqual([scheduledFor.toISOString()]);
    // Finished: however long afterwards, it is never sent again.
    clock.set(new Date(clock.now().getTime() + 10 * staleClaimMs));
    await runner.tick();
    expect(await queuedMessages(context)).toBe(1);
  });

  it('is left alone while younger than the stale period', async () => {
    const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
    const context = await queueContext(clock);
    const job = countingJob([]);
    const claimedAt = new Date(clock.now().getTime() - staleClaimMs + 60_000);
    await context.db.query(
      'INSERT INTO job_occurrences (job, scheduled_for, claimed_at) VALUES ($1, $2, $3)',
      [job.name, scheduledFor, claimedAt],
    );
    const scheduler = await startRunner(context, job, false);
    await scheduler.tick();
    expect(await queuedMessages(context)).toBe(0);
    expect((await occurrence(context))?.claimed_at).toEqual(claimedAt);
  });
});
