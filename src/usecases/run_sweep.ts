import type { Context } from '../context.js';
import type { SimulatedClock } from '../platform/clock.js';
import { applySustained } from './apply_sustained.js';
import { catchUpActivations } from './catch_up_activations.js';
import { pruneUsageIds } from './prune_usage_ids.js';

/** One piece of time-based work; returns counts of what it did, merged into the sweep summary. */
export interface SweepStep {
  name: string;
  run(context: Context, asOf: Date): Promise<Record<string, number>>;
}

/** In order: lifecycle first (activation before later stages), housekeeping last. */
export const sweepSteps: readonly SweepStep[] = [
  { name: 'activation_catch_up', run: catchUpActivations },
  { name: 'sustained', run: applySustained },
  { name: 'usage_id_pruning', run: pruneUsageIds },
];

export interface SweepSummary {
  asOf: string;
  teamsActivated: number;
  usageIdsPruned: number;
  [count: string]: number | string;
}

/**
 * Applies the time-based work due as of `asOf` (SPEC §12 `sweep --as-of`). Every step is
 * idempotent, so running it again, or as of an earlier time, changes nothing more.
 */
export async function runSweep(context: Context, asOf: Date): Promise<SweepSummary> {
  const summary: SweepSummary = { asOf: asOf.toISOString(), teamsActivated: 0, usageIdsPruned: 0 };
  for (const step of sweepSteps) Object.assign(summary, await step.run(context, asOf));
  return summary;
}

/** With a simulated clock, jobs run as time passes them: each advance sweeps as of the new time. */
export function runSweepAsClockAdvances(context: Context, clock: SimulatedClock): void {
  clock.onAdvance(async (_from, to) => {
    try {
      const summary = await runSweep(context, to);
      context.logger.debug({ summary }, 'sweep ran as the simulated clock advanced');
    } catch (error) {
      // The clock has moved either way; a failing step is a bug to see in the logs, not the caller's fault.
      context.logger.error({ err: error, asOf: to.toISOString() }, 'sweep failed');
    }
  });
}
