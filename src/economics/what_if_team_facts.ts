import { internalTeamIdsAmong } from '../agencies/is_internal_team.js';
import type { Context } from '../app/context.js';
import { loadBillingHistoryOfTeams } from '../billing/storage/team_billing_history.js';
import { referralSourceOf } from '../commissions/rules/tiers.js';
import { loadCommissionsOfTeams } from '../commissions/storage/team_commission_history.js';
import { isReferredTeam } from '../referrals/rules/lifecycle.js';
import type { AttributedTeam } from '../referrals/storage/attributed_teams_page.js';
import { loadEventTimesOfTeams } from '../referrals/storage/referral_events.js';
import { loadMemberReportsOfTeams } from '../referrals/storage/team_member_counts.js';
import { loadUsageByDay } from '../usage/storage/usage.js';
import type { WhatIfTeamFacts } from './rules/what_if_facts.js';

/**
 * The recorded facts of a page of attributed teams, read through their owners' storage in one
 * statement per kind of fact: usage days, team sizes, lifecycle times, invoices and refunds, the
 * commissions the ledger holds with their status, and which teams are agencies' own.
 */
export async function loadWhatIfTeamFacts(
  context: Context,
  teams: readonly AttributedTeam[],
  asOf: Date,
): Promise<WhatIfTeamFacts[]> {
  const teamIds = teams.map((team) => team.id);
  const db = context.db;
  const usage = await loadUsageByDay(db, teamIds, { toDay: asOf.toISOString().slice(0, 10) });
  const members = await loadMemberReportsOfTeams(db, teamIds);
  const events = await loadEventTimesOfTeams(db, teamIds);
  const billing = await loadBillingHistoryOfTeams(db, teamIds);
  const commissions = await loadCommissionsOfTeams(db, teamIds);
  const internal = await internalTeamIdsAmong(db, teams);
  return teams.map((team) => {
    const times = events.get(team.id);
    const history = billing.get(team.id) ?? { invoices: [], refunds: [] };
    return {
      teamId: team.id,
      affiliateId: team.affiliateId,
      source: referralSourceOf(team.source),
      referred: isReferredTeam({ affiliateId: team.affiliateId, status: team.status }),
      affiliateActive: team.affiliateStatus === 'active',
      internal: internal.has(team.id),
      signedUpAt: team.signedUpAt,
      activeDays: [...(usage.get(team.id) ?? new Map<string, number>()).entries()]
        .filter(([, apiCalls]) => apiCalls > 0)
        .map(([day]) => day)
        .sort(),
      memberReports: members.get(team.id) ?? [],
      invoices: history.invoices,
      refunds: history.refunds,
      paidAt: times?.get('paid') ?? null,
      churnedAt: times?.get('churned') ?? null,
      sustainedAt: times?.get('sustained') ?? null,
      recorded: (commissions.get(team.id) ?? []).map((commission) => ({
        id: commission.id,
        tier: commission.tier,
        amountCents: commission.amountCents,
        cappedCents: commission.cappedCents,
        reversedCents: commission.status.reversedCents,
        earnedAt: commission.earnedAt,
        released: commission.status.availableAt !== null,
      })),
    };
  });
}
