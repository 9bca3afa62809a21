import { advanceClock } from '../../platform/advance_clock.js';
import { JobRunner } from '../../platform/jobs/job_runner.js';
import type { Context } from '../context.js';
import { jobCatalogue } from '../job_catalogue.js';

/**
 * `clock set`: moves the stored simulated clock as `POST /v1/admin/clock` does, running here the
 * scheduled jobs whose time it passes. Servers on the same PostgreSQL pick the new time up within
 * a second; on the embedded database the server holds the folder, so use the API instead.
 */
export async function setClock(context: Context, to: Date): Promise<{ now: string; previous: string }> {
  // On the real clock this refuses with its own message, before any queue starts.
  if (!context.clock.simulated) return advanceClock(context, to);
  const runner = new JobRunner(context, jobCatalogue());
  await runner.start({ work: true, schedule: true });
  try {
    return await advanceClock(context, to);
  } finally {
    await runner.stop();
  }
}

export function showClock(context: Context): { now: string; simulated: boolean } {
  return { now: context.clock.now().toISOString(), simulated: context.clock.simulated };
}
