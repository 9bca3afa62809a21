import type { CommissionTier, ReferralSource } from '../../commissions/rules/tiers.js';

/**
 * The recorded facts of one attributed team, as the what-if replay reads them: the same facts the
 * live engine decides commissions from, plus what the ledger recorded for the team.
 */
export interface WhatIfTeamFacts {
  teamId: string;
  affiliateId: string;
  source: ReferralSource;
  /** Referred (not rejected) now: a team the program no longer counts earns nothing in a replay. */
  referred: boolean;
  /** The affiliate is active now: only then may the replay grant what the ledger never recorded. */
  affiliateActive: boolean;
  /**
   * An agency's own team now (marked internal, or on an active agency's email domain): it earns
   * nothing, so a replay keeps what the ledger recorded for it, whatever the settings.
   */
  internal: boolean;
  signedUpAt: Date;
  /** UTC days (`YYYY-MM-DD`) with at least one API call, ascending. */
  activeDays: readonly string[];
  /** Team size reports, ascending by time. */
  memberReports: ReadonlyArray<{ members: number; occurredAt: Date }>;
  /** Paid invoices, any order. */
  invoices: ReadonlyArray<{ id: string; amountCents: number; paidAt: Date }>;
  refunds: ReadonlyArray<{ invoiceId: string; amountRefundedCents: number }>;
  paidAt: Date | null;
  churnedAt: Date | null;
  sustainedAt: Date | null;
  /** The commissions the ledger holds for the team. */
  recorded: readonly RecordedCommission[];
}

export interface RecordedCommission {
  id: string;
  tier: CommissionTier;
  amountCents: number;
  cappedCents: number;
  reversedCents: number;
  earnedAt: Date;
  /** Released to the available balance (it may have been paid out since). */
  released: boolean;
}

/** One commission as a replay computes it. */
export interface ReplayedCommission {
  id: string;
  affiliateId: string;
  teamId: string;
  tier: CommissionTier;
  earnedAt: Date;
  grantedCents: number;
  cappedCents: number;
  reversedCents: number;
  released: boolean;
}

/** What a recorded commission is, in the shape a replay gives, to compare them one for one. */
export function recordedAsReplayed(
  team: WhatIfTeamFacts,
  commission: RecordedCommission,
): ReplayedCommission {
  return {
    id: commission.id,
    affiliateId: team.affiliateId,
    teamId: team.teamId,
    tier: commission.tier,
    earnedAt: commission.earnedAt,
    grantedCents: commission.amountCents,
    cappedCents: commission.cappedCents,
    reversedCents: commission.reversedCents,
    released: commission.released,
  };
}
