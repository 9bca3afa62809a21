import type { Context } from '../../app/context.js';
import type { Schedule } from '../rules/schedules.js';

/** A scheduled job: it runs as of its occurrence time and returns a summary that is stored. */
export interface JobDefinition {
  name: string;
  schedule: Schedule;
  run(context: Context, asOf: Date): Promise<Record<string, unknown>>;
}
