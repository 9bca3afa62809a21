import { reconcileMonth } from '../commissions/reconcile_month.js';
import { previousCalendarMonth } from '../commissions/rules/reconciliation.js';
import { payoutRunJob } from '../payouts/jobs/payout_job.js';
import type { JobDefinition } from '../platform/jobs/job_definition.js';
import { parseSchedule, type Schedule } from '../platform/rules/schedules.js';
import { runSweep } from './run_sweep.js';

export type { JobDefinition } from '../platform/jobs/job_definition.js';

export type JobName = 'sweep' | 'reconciliation' | 'payouts';

/** Each job's schedule (UTC), overridable through its environment variable. */
export const jobSchedules: Record<JobName, { variable: string; defaultSchedule: string }> = {
  sweep: { variable: 'EMDASH_SCHEDULE_SWEEP', defaultSchedule: '5 0 * * *' },
  reconciliation: { variable: 'EMDASH_SCHEDULE_RECONCILIATION', defaultSchedule: '0 2 1 * *' },
  payouts: { variable: 'EMDASH_SCHEDULE_PAYOUTS', defaultSchedule: '0 6 1 * *' },
};

/**
 * The jobs of the program, in the order they run when several fall due at the same moment.
 * A schedule variable that does not parse stops the process at start, naming the variable.
 */
export function jobCatalogue(environment: NodeJS.ProcessEnv = process.env): JobDefinition[] {
  const schedule = (name: JobName) => scheduleFromEnvironment(name, environment);
  return [
    { name: 'sweep', schedule: schedule('sweep'), run: async (context, asOf) => runSweep(context, asOf) },
    {
      name: 'reconciliation',
      schedule: schedule('reconciliation'),
      // As of the first days of a month, the month to reconcile is the one that just ended.
      run: async (context, asOf) => ({
        ...(await reconcileMonth(context, previousCalendarMonth(asOf), asOf)),
      }),
    },
    { ...payoutRunJob, schedule: schedule('payouts') },
  ];
}

function scheduleFromEnvironment(name: JobName, environment: NodeJS.ProcessEnv): Schedule {
  const { variable, defaultSchedule } = jobSchedules[name];
  const text = environment[variable] || defaultSchedule;
  const schedule = parseSchedule(text);
  if (!schedule) {
    throw new Error(
      `Invalid configuration: ${variable}: "${text}" is not a schedule; expected a 5-field cron expression in UTC (minute hour day-of-month month day-of-week), e.g. "${defaultSchedule}", or daily@HH:MM or monthly@D@HH:MM (day 1–28)`,
    );
  }
  return schedule;
}
