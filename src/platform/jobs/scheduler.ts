import type { Context } from '../../app/context.js';
import type { Queryable } from '../db/database.js';
import { occurrencesBetween } from '../rules/schedules.js';
import type { JobDefinition } from './job_definition.js';

export interface Occurrence {
  job: JobDefinition;
  scheduledFor: Date;
}

/** Every occurrence of every job in (after, until], in time order (catalogue order breaks ties). */
export function dueOccurrences(jobs: readonly JobDefinition[], after: Date, until: Date): Occurrence[] {
  const all = jobs.flatMap((job, order) =>
    occurrencesBetween(job.schedule, after, until).map((scheduledFor) => ({ job, scheduledFor, order })),
  );
  all.sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || a.order - b.order);
  return all.map(({ job, scheduledFor }) => ({ job, scheduledFor }));
}

/** Claims an occurrence; true for exactly one caller however many workers try. */
export async function claimOccurrence(db: Queryable, occurrence: Occurrence, now: Date): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO job_occurrences (job, scheduled_for, claimed_at) VALUES ($1, $2, $3)
     ON CONFLICT (job, scheduled_for) DO NOTHING RETURNING job`,
    [occurrence.job.name, occurrence.scheduledFor, now],
  );
  return rows.length === 1;
}

/** Runs a claimed occurrence as of its scheduled time and records how it ended. */
export async function runOccurrence(
  context: Context,
  occurrence: Occurrence,
): Promise<Record<string, unknown>> {
  try {
    const result = await occurrence.job.run(context, occurrence.scheduledFor);
    await context.db.query(
      'UPDATE job_occurrences SET finished_at = $3, result = $4, error = NULL WHERE job = $1 AND scheduled_for = $2',
      [occurrence.job.name, occurrence.scheduledFor, context.clock.now(), JSON.stringify(result)],
    );
    context.logger.info({ job: occurrence.job.name, asOf: occurrence.scheduledFor, result }, 'job finished');
    return result;
  } catch (error) {
    await context.db.query('UPDATE job_occurrences SET error = $3 WHERE job = $1 AND scheduled_for = $2', [
      occurrence.job.name,
      occurrence.scheduledFor,
      String((error as Error).message ?? error),
    ]);
    throw error;
  }
}

/** The latest occurrence of a job already claimed, from which the next tick continues. */
export async function lastClaimed(db: Queryable, jobName: string): Promise<Date | null> {
  const rows = await db.query<{ latest: Date | null }>(
    'SELECT max(scheduled_for) AS latest FROM job_occurrences WHERE job = $1',
    [jobName],
  );
  return rows[0]?.latest ?? null;
}
