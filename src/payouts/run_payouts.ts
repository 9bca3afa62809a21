import type { Context } from '../app/context.js';
import { programCurrency } from '../billing/rules/billing.js';
import { releaseAvailableCommissions } from '../commissions/release_available_commissions.js';
import { payoutSent } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer, readAffiliateBalances } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { finishApprovedPayoutRuns, finishPayoutRun } from './finish_payout_run.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { payoutProviderFromConfig } from './rails/provider_from_config.js';
import { type InFlightResolution, resolveInFlightPayouts } from './resolve_in_flight_payouts.js';
import { initialPayoutRunState, type PayoutRunState, payoutRunIdFor } from './rules/payout_runs.js';
import { isPayoutDue, type PayoutProviderName, payoutIdFor } from './rules/payouts.js';
import { type PayoutStepHook, sendPayout } from './send_payout.js';
import { hasOpenOperatorException } from './storage/operator_exceptions_store.js';
import { loadPayoutAccount } from './storage/payout_accounts.js';
import { listPayoutCandidates } from './storage/payout_candidates.js';
import { ensurePayoutRun, type PayoutRun } from './storage/payout_runs.js';
import { insertPayout } from './storage/payouts.js';

/** Candidate affiliates are read in pages of this size; each payout is created in its own transaction. */
export const payoutCandidatesPageSizeMax = 500;

export interface PayoutRunSummary {
  asOf: string;
  provider: PayoutProviderName;
  released: number;
  releasedCents: number;
  recovered: InFlightResolution;
  created: number;
  createdCents: number;
  paid: number;
  failed: number;
  inFlight: number;
  /** The run this as-of recorded (`payout_runs`), and its state when this pass ended. */
  runId: string | null;
  runState: PayoutRunState | null;
}

export interface RunPayoutsOptions {
  /** The rail; from the configuration when absent (Stripe with `STRIPE_SECRET_KEY`, else CSV). */
  provider?: PayoutProvider | null;
  /** Called at named points of each payout (crash-injection tests). */
  hook?: PayoutStepHook;
}

/**
 * The payout run as of `asOf` (SPEC §6): releases the commissions due, resolves payouts left in
 * flight by earlier runs, then pays every active affiliate whose available balance reaches the
 * minimum in force at `asOf` — through Stripe when an account is ready, or into the CSV export
 * when Stripe is not configured. Each payout and its ledger move (available → in transit) commit
 * together under the affiliate's ledger lock, before the rail is called; its id is deterministic,
 * so running the same as-of again never makes a second payout. Every run is recorded in
 * `payout_runs`; when the setting `payoutApprovalRequired` is on at `asOf`, the payouts are created
 * (their money reserved in transit) but no rail is called until the run is approved.
 */
export async function runPayouts(
  context: Context,
  asOf: Date,
  options: RunPayoutsOptions = {},
): Promise<PayoutRunSummary> {
  const provider =
    options.provider === undefined ? payoutProviderFromConfig(context.config) : options.provider;
  const released = await releaseAvailableCommissions(context, { asOf });
  const recovered = provider
    ? await resolveInFlightPayouts(context, provider, options.hook)
    : { paid: 0, failed: 0, inFlight: 0 };
  // A run whose approval crashed before it sent everything is done once the recovery pass sent it.
  await finishApprovedPayoutRuns(context);
  const summary: PayoutRunSummary = {
    asOf: asOf.toISOString(),
    provider: provider ? 'stripe' : 'csv',
    released: released.released,
    releasedCents: released.releasedCents,
    recovered,
    created: 0,
    createdCents: 0,
    paid: 0,
    failed: 0,
    inFlight: 0,
    runId: null,
    runState: null,
  };
  const settings = (await context.settings.fresh()).at(asOf);
  const minPayoutCents = settings.minPayoutCents;
  const run = await ensurePayoutRun(context.db, {
    id: payoutRunIdFor(asOf),
    asOf,
    provider: summary.provider,
    state: initialPayoutRunState(settings.payoutApprovalRequired),
    approvalRequired: settings.payoutApprovalRequired,
    at: context.clock.now(),
  });
  summary.runId = run.id;
  summary.runState = run.state;
  if (!mayAddPayoutsToRun(run)) {
    context.logger.info({ ...summary }, 'payout run of this as-of was settled before; nothing new');
    return summary;
  }
  const sendNow = run.state !== 'awaiting_approval';
  let after = '';
  for (;;) {
    const candidates = await listPayoutCandidates(context.db, {
      stripe: provider !== null,
      minPayoutCents,
      after,
      rowsMax: payoutCandidatesPageSizeMax,
    });
    for (const affiliateId of candidates) {
      const created = await context.db.transaction((tx) =>
        createPayout(context, tx, {
          affiliateId,
          asOf,
          minPayoutCents,
          stripe: provider !== null,
          runId: run.id,
        }),
      );
      if (!created) continue;
      summary.created += 1;
      summary.createdCents += created.amountCents;
      options.hook?.('payout_created', created.payoutId);
      if (!provider || !sendNow) continue;
      const outcome = await sendPayout(context, provider, created.payoutId, options.hook);
      if (outcome === 'paid') summary.paid += 1;
      else if (outcome === 'failed') summary.failed += 1;
      else if (outcome === 'in_flight') summary.inFlight += 1;
    }
    if (candidates.length < payoutCandidatesPageSizeMax) break;
    after = candidates[candidates.length - 1]!;
  }
  if (run.state === 'approved') summary.runState = await finishPayoutRun(context, run.id);
  context.logger.info(summary, 'payout run done');
  return summary;
}

/**
 * A repeated run of an as-of adds payouts only where they would be sent as the run's first pass
 * was: never to a cancelled run, nor to a sent run that needed approval (that would skip it).
 */
function mayAddPayoutsToRun(run: PayoutRun): boolean {
  if (run.state === 'cancelled') return false;
  return !(run.state === 'sent' && run.approvalRequired);
}

async function createPayout(
  context: Context,
  tx: Queryable,
  input: { affiliateId: string; asOf: Date; minPayoutCents: number; stripe: boolean; runId: string },
): Promise<{ payoutId: string; amountCents: number } | null> {
  await lockAffiliateLedger(tx, input.affiliateId);
  // Under the lock the balance is the truth: another runner may have paid it a moment ago.
  const { availableCents } = await readAffiliateBalances(tx, input.affiliateId);
  if (!isPayoutDue(availableCents, input.minPayoutCents)) return null;
  // An open money anomaly means the ledger and the rail disagree: pay nothing until it is settled.
  if (await hasOpenOperatorException(tx, input.affiliateId)) return null;
  let destinationAccountId: string | null = null;
  if (input.stripe) {
    const account = await loadPayoutAccount(tx, input.affiliateId);
    if (account?.status !== 'ready') return null;
    destinationAccountId = account.accountId;
  }
  const payoutId = payoutIdFor(input.affiliateId, input.asOf);
  const now = context.clock.now();
  const inserted = await insertPayout(tx, {
    id: payoutId,
    affiliateId: input.affiliateId,
    amountCents: availableCents,
    currency: programCurrency,
    provider: input.stripe ? 'stripe' : 'csv',
    destinationAccountId,
    asOf: input.asOf,
    createdAt: now,
    runId: input.runId,
  });
  if (!inserted) return null;
  await postTransfer(
    tx,
    payoutSent({ affiliateId: input.affiliateId, payoutId, amountCents: availableCents, at: now }),
  );
  return { payoutId, amountCents: availableCents };
}
