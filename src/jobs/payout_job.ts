import { parseSchedule } from '../domain/schedules.js';
import { runPayouts } from '../usecases/run_payouts.js';
import type { JobDefinition } from './job_definition.js';

/** The monthly payout run: the 1st of every month at 06:00 UTC, as of that moment. */
export const payoutRunJob: JobDefinition = {
  name: 'payouts.run',
  schedule: parseSchedule('0 6 1 * *')!,
  async run(context, asOf) {
    return { ...(await runPayouts(context, asOf)) };
  },
};
