import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { buildServer } from '../../src/app/http/server.js';
import { type JobDefinition, jobCatalogue } from '../../src/app/job_catalogue.js';
import type { Clock, SimulatedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { JobRunner } from '../../src/platform/jobs/job_runner.js';
import { claimOccurrence } from '../../src/platform/jobs/scheduler.js';
import { parseSchedule } from '../../src/platform/rules/schedules.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';

interface OccurrenceRow {
  job: string;
  scheduled_for: Date;
  finished_at: Date | null;
  error: string | null;
  result: Record<string, unknown> | null;
}

const occurrences = async (context: Context) =>
  context.db.query<OccurrenceRow>(
    'SELECT job, scheduled_for, finished_at, error, result FROM job_occurrences ORDER BY scheduled_for, job',
  );

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

describe('job catalogue', () => {
  it('holds the daily sweep, the monthly reconciliation and the monthly payout run, in that order', () => {
    const jobs = jobCatalogue({});
    expect(jobs.map((job) => [job.name, job.schedule])).toEqual([
      ['sweep', parseSchedule('daily@00:05')],
      ['reconciliation', parseSchedule('monthly@1@02:00')],
      ['payouts.run', parseSchedule('monthly@1@06:00')],
    ]);
  });

  it('takes schedules from the environment', () => {
    const jobs = jobCatalogue({
      EMDASH_SCHEDULE_SWEEP: 'daily@03:30',
      EMDASH_SCHEDULE_RECONCILIATION: 'monthly@2@01:00',
      EMDASH_SCHEDULE_PAYOUTS: '0 12 15 * *',
    });
    expect(jobs.map((job) => job.schedule)).toEqual([
      { cron: '30 3 * * *' },
      { cron: '0 1 2 * *' },
      { cron: '0 12 15 * *' },
    ]);
  });

  it.each([
    ['EMDASH_SCHEDULE_SWEEP', 'daily@24:00'],
    ['EMDASH_SCHEDULE_RECONCILIATION', 'monthly@31@02:00'],
    ['EMDASH_SCHEDULE_PAYOUTS', 'weekly'],
    ['EMDASH_SCHEDULE_SWEEP', '61 0 1 1 1'],
  ])('refuses %s=%s with a message naming the variable', (variable, value) => {
    expect(() => jobCatalogue({ [variable]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${variable}: "${value}" is not a schedule`),
    );
  });

  describe('a server started with a bad schedule', () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      vi.unstubAllEnvs();
      await t?.close();
    });

    it('does not start', async () => {
      t = await startTestApp();
      vi.stubEnv('EMDASH_SCHEDULE_SWEEP', 'daily@5');
      await expect(buildServer(t.context)).rejects.toThrow(/EMDASH_SCHEDULE_SWEEP: "daily@5"/);
    });
  });
});

describe('scheduled jobs on the simulated clock', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  const advance = async (to: string) => {
    const response = await t.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: to } });
    expect(response.statusCode).toBe(200);
  };

  it('runs every sweep and the reconciliation once each as the clock crosses a month, and never again', async () => {
    t = await startTestApp({ start: new Date('2026-01-30T12:00:00Z') });
    await advance('2026-02-02T12:00:00Z');
    const rows = await occurrences(t.context);
    expect(rows.map((row) => [row.job, row.scheduled_for.toISOString()])).toEqual([
      ['sweep', '2026-01-31T00:05:00.000Z'],
      ['sweep', '2026-02-01T00:05:00.000Z'],
      ['reconciliation', '2026-02-01T02:00:00.000Z'],
      ['payouts.run', '2026-02-01T06:00:00.000Z'],
      ['sweep', '2026-02-02T00:05:00.000Z'],
    ]);
    for (const row of rows) expect(row).toMatchObject({ error: null, finished_at: expect.any(Date) });
    // Each ran as of its own occurrence: the sweep's summary and the month the reconciliation covered.
    expect(rows[0]!.result).toMatchObject({ asOf: '2026-01-31T00:05:00.000Z' });
    expect(rows[2]!.result).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });
    const report = await t.call({ method: 'GET', url: '/v1/admin/reconciliations/2026-01' });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });

    await advance('2026-02-02T23:00:00Z');
    expect(await occurrences(t.context)).toEqual(rows);
    await advance('2026-02-03T00:05:00Z');
    const later = await occurrences(t.context);
    expect(later).toHaveLength(rows.length + 1);
    expect(later.filter((row) => row.job === 'reconciliation')).toHaveLength(1);
  });

  it('runs passed occurrences in time order, and a failing one does not stop the clock or the others', async () => {
    t = await startTestApp({ start: new Date('2026-03-30T00:00:00Z') });
    const ran: string[] = [];
    const job = (name: string, schedule: string, fail = false): JobDefinition => ({
      name,
      schedule: parseSchedule(schedule)!,
      async run(_context, asOf) {
        ran.push(`${name}@${asOf.toISOString()}`);
        if (fail) throw new Error(`${name} broke`);
        return {};
      },
    });
    const runner = new JobRunner(t.context, [
      job('daily', 'daily@01:00'),
      job('monthly', 'monthly@1@00:30', true),
    ]);
    await runner.start({ work: true, schedule: true });
    await t.clock.advanceTo(new Date('2026-04-02T00:00:00Z'));
    await runner.stop();
    expect(ran).toEqual([
      'daily@2026-03-30T01:00:00.000Z',
      'daily@2026-03-31T01:00:00.000Z',
      'monthly@2026-04-01T00:30:00.000Z',
      'daily@2026-04-01T01:00:00.000Z',
    ]);
    const [failed] = await t.context.db.query<OccurrenceRow>(
      "SELECT error, finished_at FROM job_occurrences WHERE job = 'monthly'",
    );
    expect(failed).toMatchObject({ error: 'monthly broke', finished_at: null });
    expect(t.clock.now().toISOString()).toBe('2026-04-02T00:00:00.000Z');
  });
});

describe('one occurrence, many runners', () => {
  const schedule = parseSchedule('daily@00:05')!;

  if (testDatabaseKind === 'postgres') {
    let database: TestDatabase;
    let contexts: Context[] = [];
    let runners: JobRunner[] = [];
    afterEach(async () => {
      for (const runner of runners) await runner.stop();
      for (const context of contexts.slice(1)) await context.db.close();
      await database.drop();
      contexts = [];
      runners = [];
    });

    it('runs an occurrence once when two runners on one database tick together (pg-boss queue)', async () => {
      database = await createTestDatabase();
      const clock = new ManualClock(new Date('2026-05-31T23:00:00Z'));
      const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), databaseUrl: database.url };
      const runs: string[] = [];
      const job: JobDefinition = {
        name: 'counting',
        schedule,
        async run(_context, asOf) {
          runs.push(asOf.toISOString());
          return { asOf: asOf.toISOString() };
        },
      };
      contexts = [
        await bootstrap(config, { db: database.db, clock }),
        await bootstrap(config, { db: await openPostgres(database.url!), clock }),
      ];
      runners = contexts.map((context) => new JobRunner(context, [job]));
      for (const runner of runners) await runner.start({ work: true, schedule: true });

      clock.set(new Date('2026-06-01T00:10:00Z'));
      const sent = await Promise.all(runners.map((runner) => runner.tick()));
      expect(sent.sort()).toEqual([0, 1]);
      await vi.waitFor(
        async () => {
          const [row] = await occurrences(contexts[0]!);
          expect(row?.finished_at).toBeInstanceOf(Date);
        },
        { timeout: 20_000, interval: 200 },
      );
      expect(await Promise.all(runners.map((runner) => runner.tick()))).toEqual([0, 0]);
      expect(runs).toEqual(['2026-06-01T00:05:00.000Z']);
      const rows = await occurrences(contexts[0]!);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ job: 'counting', error: null, result: { asOf: runs[0] } });
    }, 40_000);
  } else {
    it('claims an occurrence for exactly one of many concurrent claimants', async () => {
      const t = await startTestApp({ start: new Date('2026-05-31T23:00:00Z') });
      try {
        const job: JobDefinition = { name: 'counting', schedule, run: async () => ({}) };
        const occurrence = { job, scheduledFor: new Date('2026-06-01T00:05:00Z') };
        const claims = await Promise.all(
          Array.from({ length: 8 }, () => claimOccurrence(t.context.db, occurrence, t.clock.now())),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        const runner = new JobRunner(t.context, [job]);
        await runner.start({ work: true, schedule: true });
        await (t.clock as SimulatedClock).advanceTo(new Date('2026-06-01T01:00:00Z'));
        await runner.stop();
        const rows = (await occurrences(t.context)).filter((row) => row.job === 'counting');
        // Claimed before the clock passed it, so the runner left it alone.
        expect(rows).toEqual([expect.objectContaining({ job: 'counting', finished_at: null })]);
      } finally {
        await t.close();
      }
    });
  }
});
