import { isInternalTeam } from '../agencies/is_internal_team.js';
import type { Context } from '../app/context.js';
import { commissionCreated } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { isReferredTeam } from '../referrals/rules/lifecycle.js';
import { loadTeamWithAffiliateStatus } from '../referrals/storage/teams.js';
import { catchUpCommissionsWithLifecycleIn } from './catch_up_commissions_with_lifecycle.js';
import { calendarMonthStart, nextCalendarMonthStart } from './rules/calendar_months.js';
import { milestoneBonusCents } from './rules/milestone_bonuses.js';
import { type PaidInvoice, revenueShareForInvoice } from './rules/revenue_share.js';
import {
  commissionIdFor,
  earnsMilestoneBonuses,
  type MilestoneTier,
  type ReferralSource,
  type RevenueShareTier,
  referralSourceOf,
  revenueShareTierFor,
} from './rules/tiers.js';
import {
  type CommissionRecord,
  type CommissionWithStatus,
  grantedCentsForTeam,
  grantedCentsInPeriod,
  insertCommission,
  loadCommission,
} from './storage/commissions.js';

export type GrantCommissionInput =
  | { kind: 'milestone'; teamId: string; tier: MilestoneTier; earnedAt?: Date | undefined }
  | {
      kind: 'invoice';
      teamId: string;
      invoice: PaidInvoice;
      /** The account's paid invoices (the Tier 3 month threshold and the Tier 4 start read them). */
      invoices: readonly PaidInvoice[];
    };

export type GrantCommissionResult =
  | { granted: true; created: boolean; commission: CommissionWithStatus }
  | {
      granted: false;
      reason: 'not_referred' | 'internal_team' | 'not_earned_by_source' | 'not_in_window' | 'zero_amount';
    };

interface ReferredTeam {
  id: string;
  affiliateId: string;
  source: ReferralSource;
}

/**
 * Grants one commission, once: the id is deterministic (`tier1:<teamId>`, `tier3:<invoiceId>` …),
 * so repeating the call returns the first grant. The commission starts pending and, if the team
 * already reached paid or sustained, is moved on at once. A cap that cuts the amount records the
 * cut in `cappedCents`; a commission capped to zero is recorded and posts nothing.
 */
export async function grantCommission(
  context: Context,
  input: GrantCommissionInput,
): Promise<GrantCommissionResult> {
  const now = context.clock.now();
  await context.settings.fresh();
  return context.db.transaction((tx) => grantCommissionIn(context, tx, input, now));
}

/**
 * The same inside a caller's transaction (e.g. the billing transaction that stored the invoice).
 * Settings are read from the cache as loaded: refresh them before opening the transaction.
 */
export async function grantCommissionIn(
  context: Context,
  tx: Queryable,
  input: GrantCommissionInput,
  now: Date,
): Promise<GrantCommissionResult> {
  const team = await loadReferredTeam(tx, input.teamId);
  if (!team) return { granted: false, reason: 'not_referred' };
  // An agency's own team is free and never earns anyone a commission (SPEC §7).
  if (await isInternalTeam(tx, team.id)) return { granted: false, reason: 'internal_team' };
  if (!(await lockAffiliateLedger(tx, team.affiliateId)))
    throw new Error(`affiliate ${team.affiliateId} vanished`);
  const tier = input.kind === 'milestone' ? input.tier : revenueShareTierFor(team.source);
  const id =
    input.kind === 'milestone'
      ? commissionIdFor({ tier: input.tier, teamId: team.id })
      : commissionIdFor({ tier: tier as RevenueShareTier, invoiceId: input.invoice.id });
  const existing = await loadCommission(tx, id);
  if (existing) {
    assertSameGrant(existing, input);
    return { granted: true, created: false, commission: existing };
  }
  const record =
    input.kind === 'milestone'
      ? milestoneRecord(context, team, id, input.tier, input.earnedAt ?? now, now)
      : await invoiceRecord(context, tx, team, id, tier as RevenueShareTier, input, now);
  if ('reason' in record) return { granted: false, reason: record.reason };
  await insertCommission(tx, record);
  if (record.amountCents > 0) {
    await postTransfer(
      tx,
      commissionCreated({
        affiliateId: record.affiliateId,
        commissionId: record.id,
        amountCents: record.amountCents,
        at: now,
        metadata: { tier: record.tier, teamId: record.teamId },
      }),
    );
    // A commission granted after the team reached paid (or sustained) moves there at once.
    await catchUpCommissionsWithLifecycleIn(tx, { teamId: team.id, at: now });
  }
  const commission = await loadCommission(tx, id);
  return { granted: true, created: true, commission: commission! };
}

async function loadReferredTeam(tx: Queryable, teamId: string): Promise<ReferredTeam | null> {
  const team = await loadTeamWithAffiliateStatus(tx, teamId);
  if (!team) throw new AppError('not_found', `team ${teamId} does not exist`, { path: 'teamId' });
  const affiliateId = team.affiliateId;
  if (affiliateId === null || !isReferredTeam({ affiliateId, status: team.status })) return null;
  // Only active affiliates earn: a pending, rejected or suspended one is granted nothing.
  if (team.affiliateStatus !== 'active') return null;
  return { id: team.id, affiliateId, source: referralSourceOf(team.source) };
}

/** A repeated grant must describe the same thing: same team, and for invoices the same amount. */
function assertSameGrant(existing: CommissionRecord, input: GrantCommissionInput): void {
  const same =
    existing.teamId === input.teamId &&
    (input.kind === 'milestone'
      ? existing.invoiceId === null
      : existing.invoiceId === input.invoice.id && existing.invoiceAmountCents === input.invoice.amountCents);
  if (!same) {
    throw new AppError(
      'idempotency_conflict',
      `commission ${existing.id} was already granted with other content`,
      {
        details: { commissionId: existing.id },
      },
    );
  }
}

function milestoneRecord(
  context: Context,
  team: ReferredTeam,
  id: string,
  tier: MilestoneTier,
  earnedAt: Date,
  now: Date,
): CommissionRecord | { reason: 'not_earned_by_source' } {
  if (!earnsMilestoneBonuses(team.source)) return { reason: 'not_earned_by_source' };
  const amountCents = milestoneBonusCents(tier, context.settings.at(earnedAt));
  return {
    id,
    affiliateId: team.affiliateId,
    teamId: team.id,
    tier,
    amountCents,
    cappedCents: 0,
    rateBasisPoints: null,
    invoiceId: null,
    invoiceAmountCents: null,
    cause: tier === 'tier1' ? 'team active on enough days' : 'team grew large enough and stayed active',
    earnedAt,
    createdAt: now,
  };
}

async function invoiceRecord(
  context: Context,
  tx: Queryable,
  team: ReferredTeam,
  id: string,
  tier: RevenueShareTier,
  input: Extract<GrantCommissionInput, { kind: 'invoice' }>,
  now: Date,
): Promise<CommissionRecord | { reason: 'not_in_window' | 'zero_amount' }> {
  const { invoice } = input;
  const settings = context.settings.at(invoice.paidAt);
  const alreadyGrantedInCapPeriodCents =
    tier === 'content'
      ? await grantedCentsForTeam(tx, { teamId: team.id, tier })
      : await grantedCentsInPeriod(tx, {
          affiliateId: team.affiliateId,
          tier,
          from: calendarMonthStart(invoice.paidAt),
          to: nextCalendarMonthStart(invoice.paidAt),
        });
  const decision = revenueShareForInvoice({
    tier,
    invoice,
    invoices: input.invoices,
    alreadyGrantedInCapPeriodCents,
    settings,
  });
  if (!decision.earns) return { reason: decision.reason };
  return {
    id,
    affiliateId: team.affiliateId,
    teamId: team.id,
    tier,
    amountCents: decision.grantedCents,
    cappedCents: decision.cappedCents,
    rateBasisPoints: decision.rateBasisPoints,
    invoiceId: invoice.id,
    invoiceAmountCents: invoice.amountCents,
    cause: `invoice ${invoice.id} paid ${invoice.paidAt.toISOString()}`,
    earnedAt: invoice.paidAt,
    createdAt: now,
  };
}
