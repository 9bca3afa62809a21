import type { JobDefinition } from '../../platform/jobs/job_definition.js';
import { parseSchedule } from '../../platform/rules/schedules.js';
import { runPayouts } from '../run_payouts.js';

/** The monthly payout run: the 1st of every month at 06:00 UTC, as of that moment. */
export const payoutRunJob: JobDefinition = {
  name: 'payouts.run',
  schedule: parseSchedule('0 6 1 * *')!,
  async run(context, asOf) {
    return { ...(await runPayouts(context, asOf)) };
  },
};
