import type PgBoss from 'pg-boss';
import type { Context } from '../../app/context.js';
import { WebhookDispatcher } from '../../partners/jobs/webhook_dispatcher.js';
import { SimulatedClock } from '../clock.js';
import type { JobDefinition } from './job_definition.js';
import { createQueue } from './queue.js';
import { claimOccurrence, dueOccurrences, lastClaimed, runOccurrence } from './scheduler.js';

export const schedulerTickMs = 30_000;
/** A claimed occurrence not finished after this long is sent to the queue again (its worker died). */
export const staleClaimMs = 15 * 60_000;

interface OccurrenceMessage {
  scheduledFor: string;
}

/**
 * Runs the scheduled jobs. On the real clock a tick claims due occurrences and sends them to the
 * pg-boss queue, where any worker process picks them up (retried with backoff on failure). On a
 * simulated clock the occurrences a clock move passes run at once, in time order, before the move
 * returns — so a test or demo that advances time sees their effects. A process that works jobs
 * also sends partner webhooks (polled, kicked when an event is emitted, and after a clock move).
 */
export class JobRunner {
  private boss: PgBoss | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly startedAt: Date;
  private dispatcher: WebhookDispatcher | null = null;

  constructor(
    private readonly context: Context,
    private readonly jobs: readonly JobDefinition[],
  ) {
    this.startedAt = context.clock.now();
  }

  async start(options: { work: boolean; schedule: boolean }): Promise<void> {
    const clock = this.context.clock;
    if (options.work) {
      this.dispatcher = new WebhookDispatcher(this.context);
      this.dispatcher.start();
    }
    if (clock instanceof SimulatedClock) {
      clock.onAdvance(async (from, to) => {
        await this.runPassed(from, to);
        // Deliveries that the move made due (retries, and events the passed jobs emitted).
        await this.dispatcher?.run();
      });
      return;
    }
    this.boss = createQueue(this.context);
    this.boss.on('error', (error) => this.context.logger.error({ err: error }, 'job queue error'));
    await this.boss.start();
    for (const job of this.jobs) {
      await this.boss.createQueue(job.name);
      if (options.work) {
        await this.boss.work<OccurrenceMessage>(
          job.name,
          { pollingIntervalSeconds: 2 },
          async ([message]) => {
            if (!message) return;
            await runOccurrence(this.context, { job, scheduledFor: new Date(message.data.scheduledFor) });
            this.dispatcher?.kick();
          },
        );
      }
    }
    if (options.schedule) {
      await this.tick();
      this.timer = setInterval(() => {
        this.tick().catch((error) => this.context.logger.error({ err: error }, 'scheduler tick failed'));
      }, schedulerTickMs);
      this.timer.unref();
    }
  }

  /** Claims every occurrence due by now and sends it to the queue; re-sends stale claims. */
  async tick(): Promise<number> {
    const boss = this.boss;
    if (!boss) return 0;
    const now = this.context.clock.now();
    let sent = 0;
    for (const job of this.jobs) {
      const after = (await lastClaimed(this.context.db, job.name)) ?? this.startedAt;
      for (const occurrence of dueOccurrences([job], after, now)) {
        if (!(await claimOccurrence(this.context.db, occurrence, now))) continue;
        await boss.send(
          job.name,
          { scheduledFor: occurrence.scheduledFor.toISOString() },
          sendOptions(occurrence.scheduledFor),
        );
        sent += 1;
      }
    }
    const stale = await this.context.db.query<{ job: string; scheduled_for: Date }>(
      'SELECT job, scheduled_for FROM job_occurrences WHERE finished_at IS NULL AND claimed_at < $1',
      [new Date(now.getTime() - staleClaimMs)],
    );
    for (const row of stale) {
      await this.context.db.query(
        'UPDATE job_occurrences SET claimed_at = $3 WHERE job = $1 AND scheduled_for = $2',
        [row.job, row.scheduled_for, now],
      );
      await boss.send(
        row.job,
        { scheduledFor: row.scheduled_for.toISOString() },
        sendOptions(row.scheduled_for),
      );
    }
    return sent;
  }

  /**
   * Simulated time: run what the move from `from` to `to` passed, in order. The clock has moved
   * either way, so a failing occurrence is logged (its error is stored on its row) and the later
   * ones still run, as they would on the queue.
   */
  async runPassed(from: Date, to: Date): Promise<void> {
    if (this.stopped) return;
    for (const occurrence of dueOccurrences(this.jobs, from, to)) {
      if (!(await claimOccurrence(this.context.db, occurrence, to))) continue;
      try {
        await runOccurrence(this.context, occurrence);
      } catch (error) {
        this.context.logger.error(
          { err: error, job: occurrence.job.name, asOf: occurrence.scheduledFor.toISOString() },
          'job failed',
        );
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.dispatcher?.stop();
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
    this.boss = null;
  }
}

function sendOptions(scheduledFor: Date) {
  return {
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    singletonKey: scheduledFor.toISOString(),
  };
}
