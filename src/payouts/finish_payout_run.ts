import type { Context } from '../app/context.js';
import type { PayoutRunState } from './rules/payout_runs.js';
import { listPayoutRunIdsInState, loadPayoutRun, movePayoutRun } from './storage/payout_runs.js';
import { listCreatedPayoutIdsOfRun } from './storage/payouts.js';

/**
 * An approved run becomes `sent` once every payout of it is in its rail's hands: no Stripe payout
 * is still `created` (in flight ones are the recovery pass's), and CSV payouts wait for the export,
 * which is their rail. Returns the run's state; one left `approved` (a crash, a rail down) is
 * finished by approving it again or after a later run's recovery pass (`finishApprovedPayoutRuns`).
 */
export async function finishPayoutRun(context: Context, runId: string): Promise<PayoutRunState> {
  const run = await loadPayoutRun(context.db, runId);
  if (!run) throw new Error(`payout run ${runId} does not exist`);
  if (run.state !== 'approved') return run.state;
  if (run.provider === 'stripe' && (await listCreatedPayoutIdsOfRun(context.db, runId)).length > 0) {
    return run.state;
  }
  const moved = await context.db.transaction((tx) =>
    movePayoutRun(tx, { runId, from: 'approved', to: 'sent', at: context.clock.now() }),
  );
  return moved ? 'sent' : ((await loadPayoutRun(context.db, runId))?.state ?? run.state);
}

/** Approved runs looked at per pass; more wait for the next run (a run left approved is rare). */
export const approvedRunsPerPassMax = 100;

/**
 * After the recovery pass sent what crashed approvals left `created`: every approved run whose
 * payouts are all with their rail now reads as `sent`. Answers how many moved.
 */
export async function finishApprovedPayoutRuns(context: Context): Promise<number> {
  const runIds = await listPayoutRunIdsInState(context.db, {
    state: 'approved',
    rowsMax: approvedRunsPerPassMax,
  });
  let finished = 0;
  for (const runId of runIds) {
    if ((await finishPayoutRun(context, runId)) === 'sent') finished += 1;
  }
  return finished;
}
