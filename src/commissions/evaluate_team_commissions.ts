import { isInternalTeam } from '../agencies/is_internal_team.js';
import type { Context } from '../app/context.js';
import type { TeamBillingFacts } from '../billing/rules/billing.js';
import { loadTeamBillingFacts } from '../billing/storage/billing_facts.js';
import { lockBilling } from '../billing/storage/billing_lock.js';
import { emitPartnerEvent } from '../partners/emit_partner_event.js';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/rules/errors.js';
import { isReferredTeam } from '../referrals/rules/lifecycle.js';
import { loadTeamMembersAsOf } from '../referrals/storage/team_member_counts.js';
import { lockTeamReferral, type TeamReferral } from '../referrals/storage/teams.js';
import { loadTeamUsageTotals } from '../usage/storage/usage.js';
import { catchUpCommissionsWithLifecycleIn } from './catch_up_commissions_with_lifecycle.js';
import { grantCommissionIn } from './grant_commission.js';
import { reverseCommissionsIn } from './reverse_commission.js';
import { milestoneBonusesDue, milestoneEarnedAt } from './rules/milestone_bonuses.js';
import type { PaidInvoice } from './rules/revenue_share.js';
import {
  invoiceEarnsRevenueShare,
  lastUtcDayBefore,
  outOfWindowReversalId,
  refundedTotalsByInvoice,
  refundReversalId,
} from './rules/team_evaluation.js';
import {
  commissionIdFor,
  earnsMilestoneBonuses,
  type MilestoneTier,
  type ReferralSource,
  referralSourceOf,
  revenueShareTierFor,
} from './rules/tiers.js';
import { type CommissionWithStatus, loadTeamCommissions } from './storage/commissions.js';

export interface TeamCommissionsSummary {
  teamId: string;
  /** False for teams nobody referred (or rejected ones) and agencies' internal teams: nothing is ever due for them. */
  referred: boolean;
  granted: GrantedCommission[];
  reversed: ReversedCommission[];
  vested: number;
  eligible: number;
}

export interface GrantedCommission {
  commissionId: string;
  tier: string;
  amountCents: number;
  cappedCents: number;
}

export interface ReversedCommission {
  commissionId: string;
  reversalId: string;
  amountCents: number;
}

/**
 * Grants whatever the team's facts make due and was not granted yet (SPEC §3, §6): Tier 1 and
 * Tier 2 from active days and members as of `asOf`; one revenue share per paid invoice (Tier 3,
 * Tier 4 or the content share, by the team's source); refund reversals on the cumulative refunded
 * total; and takes back, whole, a revenue share whose invoice an older, late-arriving invoice
 * pushed out of the window. Then vests if the team reached `paid` and makes eligible if it
 * reached `sustained`. Idempotent: every grant and reversal has a deterministic id, so calling it
 * again, or with the facts delivered in another order, ends the same.
 *
 * Runs inside the caller's transaction, which must hold the billing lock (billing effects do;
 * `evaluateTeamCommissions` takes it). Postings are dated by the program clock; `asOf` bounds the
 * usage and member facts the milestones count. Settings come from the cache as loaded. A caller
 * that already loaded the team's billing facts in this transaction passes them in.
 */
export async function evaluateTeamCommissionsIn(
  context: Context,
  tx: Queryable,
  teamId: string,
  asOf: Date,
  loadedFacts?: TeamBillingFacts,
): Promise<TeamCommissionsSummary> {
  const now = context.clock.now();
  const team = await lockTeamReferral(tx, teamId);
  if (!team) throw notFound('team', teamId, 'teamId');
  if (
    !isReferredTeam({ affiliateId: team.affiliateId, status: team.status }) ||
    (await isInternalTeam(tx, teamId))
  ) {
    return { teamId, referred: false, granted: [], reversed: [], vested: 0, eligible: 0 };
  }
  const source = referralSourceOf(team.source);
  const commissions = new Map((await loadTeamCommissions(tx, teamId)).map((found) => [found.id, found]));

  const milestones = earnsMilestoneBonuses(source)
    ? await grantMilestones(context, tx, { teamId, team, source, asOf, now, commissions })
    : [];
  const facts = loadedFacts ?? (await loadTeamBillingFacts(tx, teamId));
  const revenueShares = await grantRevenueShares(context, tx, { teamId, source, facts, now, commissions });
  // The grants and reversals above changed the team's commissions: read them again.
  const refunded = await reverseRefunded(context, tx, {
    facts,
    now,
    commissions: await loadTeamCommissions(tx, teamId),
  });

  const moved = await catchUpCommissionsWithLifecycleIn(tx, { teamId, at: now });
  return {
    teamId,
    referred: true,
    granted: [...milestones, ...revenueShares.granted],
    reversed: [...revenueShares.reversed, ...refunded],
    vested: moved.vested,
    eligible: moved.eligible,
  };
}

/** The same in a transaction of its own, under the billing lock (after usage or member reports). */
export async function evaluateTeamCommissions(
  context: Context,
  teamId: string,
  asOf: Date = context.clock.now(),
): Promise<TeamCommissionsSummary> {
  await context.settings.fresh();
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    return evaluateTeamCommissionsIn(context, tx, teamId, asOf);
  });
}

interface Step {
  teamId: string;
  now: Date;
  commissions: ReadonlyMap<string, CommissionWithStatus>;
}

async function grantMilestones(
  context: Context,
  tx: Queryable,
  step: Step & { team: TeamReferral; source: ReferralSource; asOf: Date },
): Promise<GrantedCommission[]> {
  const granted = new Set<MilestoneTier>();
  for (const tier of ['tier1', 'tier2'] as const) {
    if (step.commissions.has(commissionIdFor({ tier, teamId: step.teamId }))) granted.add(tier);
  }
  if (granted.size === 2) return [];
  const earnedAt = milestoneEarnedAt(step.asOf, step.now);
  const usage = await loadTeamUsageTotals(tx, step.teamId, {
    fromDay: step.team.signedUpAt.toISOString().slice(0, 10),
    toDay: lastUtcDayBefore(step.asOf),
  });
  const due = milestoneBonusesDue(
    {
      source: step.source,
      // A team nobody reported on has one member.
      members: (await loadTeamMembersAsOf(tx, step.teamId, step.asOf)) ?? 1,
      activeDays: usage.activeDays,
    },
    granted,
    context.settings.at(earnedAt),
  );
  const created: GrantedCommission[] = [];
  for (const bonus of due) {
    const result = await grantCommissionIn(
      context,
      tx,
      { kind: 'milestone', teamId: step.teamId, tier: bonus.tier, earnedAt },
      step.now,
    );
    if (result.granted && result.created) created.push(await announceGrant(context, tx, result.commission));
  }
  return created;
}

async function grantRevenueShares(
  context: Context,
  tx: Queryable,
  step: Step & { source: ReferralSource; facts: TeamBillingFacts },
): Promise<{ granted: GrantedCommission[]; reversed: ReversedCommission[] }> {
  const granted: GrantedCommission[] = [];
  const reversed: ReversedCommission[] = [];
  const tier = revenueShareTierFor(step.source);
  const invoices: PaidInvoice[] = step.facts.invoices.map((invoice) => ({
    id: invoice.invoiceId,
    amountCents: invoice.amountPaidCents,
    paidAt: invoice.paidAt,
  }));
  // Facts are loaded in payment order, so caps shared within a month go to the earlier invoices.
  for (const invoice of invoices) {
    const settings = context.settings.at(invoice.paidAt);
    const existing = step.commissions.get(commissionIdFor({ tier, invoiceId: invoice.id }));
    if (existing) {
      if (!invoiceEarnsRevenueShare({ tier, invoice, invoices, settings })) {
        reversed.push(...(await reverseWhole(context, tx, existing, step)));
      }
      continue;
    }
    const result = await grantCommissionIn(
      context,
      tx,
      { kind: 'invoice', teamId: step.teamId, invoice, invoices },
      step.now,
    );
    if (result.granted && result.created) granted.push(await announceGrant(context, tx, result.commission));
  }
  return { granted, reversed };
}

/** A revenue share whose invoice no longer lies in the window (older invoices arrived late). */
async function reverseWhole(
  context: Context,
  tx: Queryable,
  commission: CommissionWithStatus,
  step: Step,
): Promise<ReversedCommission[]> {
  if (commission.status.state === 'reversed' || commission.status.state === 'capped') return [];
  const [reversal] = await reverseCommissionsIn(
    context,
    tx,
    [
      {
        commissionId: commission.id,
        reversalId: outOfWindowReversalId,
        cause: 'invoice outside the revenue share window once earlier invoices were known',
        announcedCause: 'out_of_window',
      },
    ],
    step.now,
  );
  return reversalNoted(commission, outOfWindowReversalId, reversal!);
}

async function reverseRefunded(
  context: Context,
  tx: Queryable,
  step: {
    facts: TeamBillingFacts;
    now: Date;
    commissions: readonly CommissionWithStatus[];
  },
): Promise<ReversedCommission[]> {
  const reversed: ReversedCommission[] = [];
  const refundedByInvoice = refundedTotalsByInvoice(step.facts.refunds);
  for (const commission of step.commissions) {
    if (commission.invoiceId === null) continue;
    const refundedTotalCents = refundedByInvoice.get(commission.invoiceId) ?? 0;
    if (refundedTotalCents <= 0) continue;
    if (commission.status.state === 'reversed' || commission.status.state === 'capped') continue;
    const reversalId = refundReversalId(refundedTotalCents);
    const [reversal] = await reverseCommissionsIn(
      context,
      tx,
      [
        {
          commissionId: commission.id,
          reversalId,
          cause: 'invoice refunded',
          announcedCause: 'refund',
          refundedTotalCents,
        },
      ],
      step.now,
    );
    reversed.push(...reversalNoted(commission, reversalId, reversal!));
  }
  return reversed;
}

/** Announces a new commission to its affiliate (unless capped to nothing); returns what was granted. */
async function announceGrant(
  context: Context,
  tx: Queryable,
  commission: CommissionWithStatus,
): Promise<GrantedCommission> {
  const granted = {
    commissionId: commission.id,
    tier: commission.tier,
    amountCents: commission.amountCents,
    cappedCents: commission.cappedCents,
  };
  if (commission.amountCents <= 0) return granted;
  await emitPartnerEvent(context, tx, {
    eventId: `commission.created:${commission.id}`,
    affiliateId: commission.affiliateId,
    type: 'commission.created',
    data: {
      commissionId: commission.id,
      teamId: commission.teamId,
      tier: commission.tier,
      amountCents: commission.amountCents,
      cappedCents: commission.cappedCents,
      invoiceId: commission.invoiceId,
      state: commission.status.state,
      earnedAt: commission.earnedAt.toISOString(),
    },
  });
  return granted;
}

/** The reversal as the summary lists it: none when it was a replay or took nothing back. */
function reversalNoted(
  commission: CommissionWithStatus,
  reversalId: string,
  reversal: { reversedCents: number; replayed: boolean },
): ReversedCommission[] {
  if (reversal.replayed || reversal.reversedCents <= 0) return [];
  return [{ commissionId: commission.id, reversalId, amountCents: reversal.reversedCents }];
}
