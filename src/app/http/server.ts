import type { FastifyInstance } from 'fastify';
import { followStoredClock } from '../../platform/advance_clock.js';
import { JobRunner } from '../../platform/jobs/job_runner.js';
import { registerRedirectRoutes } from '../../tracking/http/redirect.js';
import { RedirectHandler } from '../../tracking/http/redirect_handler.js';
import { ClickRecorder } from '../../tracking/record_click.js';
import type { Context } from '../context.js';
import { jobCatalogue } from '../job_catalogue.js';
import { buildApp } from './app.js';
import { registerWebApp } from './web_app.js';

/** How long after listening the real-clock job queue starts. */
export const jobsStartDelayMs = 5_000;

export interface ServerOptions {
  /** Run the scheduled jobs in this process (scheduler tick and workers); default true. */
  jobs?: boolean;
  /** How long after listening the real-clock job queue starts; default `jobsStartDelayMs`. */
  jobsStartDelayMs?: number;
}

/**
 * The whole HTTP surface of one process: the API plus the parts with their own lifecycles
 * (click redirect buffer, live streams, scheduled jobs). Tests and `serve` both build it here.
 */
export async function buildServer(context: Context, options: ServerOptions = {}): Promise<FastifyInstance> {
  const recorder = context.clicks instanceof ClickRecorder ? context.clicks : new ClickRecorder(context);
  context.clicks = recorder;
  // Built before the app so that a bad schedule variable stops the start with its message.
  const jobs = options.jobs === false ? null : new JobRunner(context, jobCatalogue());
  const redirects = new RedirectHandler(context, recorder);
  const app = await buildApp(context, [(deps) => registerRedirectRoutes(deps, redirects)], {
    serveBeforeRouting: redirects.serveBeforeRouting,
  });
  app.addHook('preClose', (done) => {
    redirects.close();
    done();
  });
  await registerWebApp(app);
  if (jobs) {
    context.health.jobsStarting();
    if (context.clock.simulated) {
      await jobs.start({ work: true, schedule: true });
      context.health.jobsRunning();
    } else {
      // The queue starts a moment after the server listens: creating its schema holds PGlite's
      // only connection, and health checks and the redirect should not wait behind it.
      let startTimer: NodeJS.Timeout | undefined;
      app.addHook('onListen', async () => {
        startTimer = setTimeout(() => {
          jobs
            .start({ work: true, schedule: true })
            .then(() => context.health.jobsRunning())
            .catch((error) => {
              // Reported by /healthz as well: a server whose jobs never run must not look healthy.
              context.health.jobsFailed(error, new Date());
              context.logger.error({ err: error }, 'scheduled jobs failed to start');
            });
        }, options.jobsStartDelayMs ?? jobsStartDelayMs);
      });
      app.addHook('onClose', async () => clearTimeout(startTimer));
    }
    app.addHook('onClose', async () => jobs.stop());
  }
  app.addHook('onClose', async () => recorder.close());
  const stopFollowingClock = followStoredClock(context);
  app.addHook('onClose', async () => stopFollowingClock());
  return app;
}
