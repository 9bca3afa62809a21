import type { Context } from '../app/context.js';
import { auditNoteOf } from '../platform/rules/audit_note.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { finishPayoutRun } from './finish_payout_run.js';
import { type PayoutRunView, payoutRunView } from './get_payout_run.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { payoutProviderFromConfig } from './rails/provider_from_config.js';
import { approvalVerdict } from './rules/payout_runs.js';
import { type PayoutStepHook, sendPayout } from './send_payout.js';
import { lockPayoutRun, movePayoutRun } from './storage/payout_runs.js';
import { listCreatedPayoutIdsOfRun } from './storage/payouts.js';

export interface ApprovePayoutRunOptions {
  /** The rail; from the configuration when absent. */
  provider?: PayoutProvider | null;
  /** Called at named points (crash-injection tests). */
  hook?: PayoutStepHook;
}

/**
 * A program manager approves a run that awaits approval: the approval (who, when) commits first,
 * then each of its Stripe payouts is sent through the same path as an unapproved run, claimed from
 * `created` so that two approvals at once send each payout once. Approving an approved run that
 * has payouts left unsent (a crash after the approval) sends what is left; a sent or cancelled run
 * answers 409. CSV payouts go out with the next export.
 */
export async function approvePayoutRun(
  context: Context,
  input: { runId: string; approvedBy: string; note?: string | undefined },
  options: ApprovePayoutRunOptions = {},
): Promise<PayoutRunView> {
  const note = auditNoteOf(input.note);
  const provider =
    options.provider === undefined ? payoutProviderFromConfig(context.config) : options.provider;
  const hook = options.hook ?? (() => undefined);
  const run = await context.db.transaction(async (tx) => {
    const found = await lockPayoutRun(tx, input.runId);
    if (!found) throw notFound('payout run', input.runId, 'id');
    const verdict = approvalVerdict(found.state);
    if (verdict.act === 'refuse') {
      throw new AppError('conflict', `payout run ${found.id} cannot be approved: ${verdict.reason}`, {
        details: { state: found.state, approvedBy: found.approvedBy },
      });
    }
    if (verdict.act === 'approve') {
      await movePayoutRun(tx, {
        runId: found.id,
        from: 'awaiting_approval',
        to: 'approved',
        at: context.clock.now(),
        by: input.approvedBy,
        note,
      });
    }
    return found;
  });
  await hook('run_approved', run.id);
  if (run.provider === 'stripe' && provider) {
    for (const payoutId of await listCreatedPayoutIdsOfRun(context.db, run.id)) {
      await sendPayout(context, provider, payoutId, hook, { onlyIfCreated: true });
    }
  }
  await finishPayoutRun(context, run.id);
  context.logger.info({ runId: run.id, approvedBy: input.approvedBy }, 'payout run approved');
  return (await payoutRunView(context, run.id))!;
}
