import type { Context } from '../app/context.js';
import { auditNoteOf } from '../platform/rules/audit_note.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { type PayoutRunView, payoutRunView } from './get_payout_run.js';
import { mayCancelPayoutRun } from './rules/payout_runs.js';
import { settlePayoutFailed } from './settle_payout.js';
import { lockPayoutRun, movePayoutRun } from './storage/payout_runs.js';
import { listCreatedPayoutIdsOfRun, loadPayouts } from './storage/payouts.js';

/**
 * Refuses a run that awaits approval: in one transaction the run is cancelled and each of its
 * payouts fails with reason `run_cancelled`, its money going back from in transit to available
 * through the ledger (repaying any owed balance first), as any failed payout's does. The next run
 * pays that money under a new payout id.
 */
export async function cancelPayoutRun(
  context: Context,
  input: { runId: string; cancelledBy: string; note?: string | undefined },
): Promise<PayoutRunView> {
  const note = auditNoteOf(input.note);
  const now = context.clock.now();
  await context.db.transaction(async (tx) => {
    const run = await lockPayoutRun(tx, input.runId);
    if (!run) throw notFound('payout run', input.runId, 'id');
    if (!mayCancelPayoutRun(run.state)) {
      throw new AppError(
        'conflict',
        `payout run ${run.id} is ${run.state}: only a run awaiting approval can be cancelled`,
        {
          details: { state: run.state },
        },
      );
    }
    await movePayoutRun(tx, {
      runId: run.id,
      from: 'awaiting_approval',
      to: 'cancelled',
      at: now,
      by: input.cancelledBy,
      note,
    });
    const payouts = await loadPayouts(tx, await listCreatedPayoutIdsOfRun(tx, run.id));
    for (const payout of payouts.sort((a, b) => a.id.localeCompare(b.id))) {
      await settlePayoutFailed(context, tx, payout, {
        reason: 'run_cancelled',
        message: `payout run ${run.id} was cancelled by ${input.cancelledBy}`,
        at: now,
      });
    }
  });
  return (await payoutRunView(context, input.runId))!;
}
