import type { Context } from '../app/context.js';
import { SimulatedClock } from './clock.js';
import { AppError } from './rules/errors.js';

/**
 * Moves the simulated clock forward (the stored clock every process shares); jobs listening on the
 * clock in this process run as it passes them, before this returns.
 */
export async function advanceClock(context: Context, to: Date): Promise<{ now: string; previous: string }> {
  const clock = context.clock;
  if (!(clock instanceof SimulatedClock)) {
    throw new AppError(
      'clock_not_simulated',
      'start the service with EMDASH_SIMULATED_CLOCK to move its clock',
    );
  }
  await clock.refresh();
  const previous = clock.now();
  if (!(await clock.advanceTo(to))) {
    throw new AppError(
      'clock_backwards',
      `the clock is at ${clock.now().toISOString()} and cannot go back to ${to.toISOString()}`,
      {
        path: 'now',
      },
    );
  }
  return { now: clock.now().toISOString(), previous: previous.toISOString() };
}

/**
 * In a long-running process on PostgreSQL, follows moves of the stored clock made by other
 * processes (API servers, workers, the CLI) within `clockRefreshIntervalMs`. One small query a
 * second per process, never one per request. Returns the function that stops following.
 */
export function followStoredClock(context: Context): () => void {
  const clock = context.clock;
  if (!(clock instanceof SimulatedClock) || !clock.stored || context.db.kind !== 'postgres') {
    return () => undefined;
  }
  clock.startRefreshing((error) => context.logger.warn({ err: error }, 'reading the stored clock failed'));
  return () => clock.stopRefreshing();
}
