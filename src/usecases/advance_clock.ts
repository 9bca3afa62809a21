import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { SimulatedClock } from '../platform/clock.js';

/** Moves the simulated clock forward; jobs listening on the clock run as it passes them. */
export async function advanceClock(context: Context, to: Date): Promise<{ now: string; previous: string }> {
  const clock = context.clock;
  if (!(clock instanceof SimulatedClock)) {
    throw new AppError(
      'clock_not_simulated',
      'start the service with EMDASH_SIMULATED_CLOCK to move its clock',
    );
  }
  const previous = clock.now();
  if (!(await clock.advanceTo(to))) {
    throw new AppError(
      'clock_backwards',
      `the clock is at ${previous.toISOString()} and cannot go back to ${to.toISOString()}`,
      {
        path: 'now',
      },
    );
  }
  return { now: clock.now().toISOString(), previous: previous.toISOString() };
}
