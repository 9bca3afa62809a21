import { followStoredClock } from '../../platform/advance_clock.js';
import type { Config } from '../../platform/config.js';
import { JobRunner } from '../../platform/jobs/job_runner.js';
import { bootstrap } from '../bootstrap.js';
import { jobCatalogue } from '../job_catalogue.js';

/**
 * Runs the scheduled jobs without HTTP: the scheduler tick (claims occurrences that fell due) and
 * the queue workers. Any number of workers and servers may share one database; each occurrence
 * runs once. Stops cleanly on SIGINT/SIGTERM, letting a running job finish.
 */
export async function runWorker(config: Config): Promise<void> {
  const jobs = jobCatalogue();
  const context = await bootstrap(config, { collectProcessMetrics: true });
  const runner = new JobRunner(context, jobs);
  await runner.start({ work: true, schedule: true });
  const stopFollowingClock = followStoredClock(context);
  context.logger.info(
    { jobs: jobs.map((job) => ({ name: job.name, schedule: job.schedule })) },
    'worker started',
  );
  // A repeated signal (Ctrl-C reaches npm, tsx and this process) must not cut the stop short.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, 'worker shutting down');
    stopFollowingClock();
    await runner.stop();
    await context.db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
