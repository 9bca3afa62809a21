import { catchUpBillingBeforeSignup } from '../billing/catch_up_billing_before_signup.js';
import { makeSustainedCommissionsEligible } from '../commissions/make_sustained_commissions_eligible.js';
import { releaseAvailableCommissions } from '../commissions/release_available_commissions.js';
import { applySustained } from '../usage/apply_sustained.js';
import { catchUpActivations } from '../usage/catch_up_activations.js';
import { pruneUsageIds } from '../usage/prune_usage_ids.js';
import type { Context } from './context.js';

/** One piece of time-based work; returns counts of what it did, merged into the sweep summary. */
export interface SweepStep {
  name: string;
  run(context: Context, asOf: Date): Promise<Record<string, number>>;
}

/** In order: lifecycle first (activation before later stages), housekeeping last. */
export const sweepSteps: readonly SweepStep[] = [
  { name: 'activation_catch_up', run: catchUpActivations },
  { name: 'billing_catch_up', run: catchUpBillingBeforeSignup },
  { name: 'sustained', run: applySustained },
  { name: 'commissions_eligible', run: makeSustainedCommissionsEligible },
  { name: 'commissions_release', run: releaseCommissions },
  { name: 'usage_id_pruning', run: pruneUsageIds },
];

/** Eligible commissions past the payout delay become available as of the sweep's date. */
async function releaseCommissions(context: Context, asOf: Date): Promise<Record<string, number>> {
  const done = await releaseAvailableCommissions(context, { asOf });
  return {
    commissionsReleased: done.released,
    commissionsReleasedCents: done.releasedCents,
    owedRepaidCents: done.repaidOwedCents,
  };
}

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
