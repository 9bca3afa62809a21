import type { Context } from '../app/context.js';
import {
  summarizeTeamCommissions,
  type TeamCommissionsTotals,
} from '../commissions/summarize_team_commissions.js';
import { findAffiliate } from '../partners/storage/affiliates.js';
import { type FraudFlagDecisionRow, loadFraudFlagDecisions } from './storage/fraud_flag_decisions.js';
import {
  type FraudFlagKind,
  type FraudFlagStatus,
  loadFraudFlags,
  loadTeamIdsWithOpenFraudFlags,
} from './storage/fraud_flags.js';
import { loadTeam } from './storage/teams.js';

export const fraudFlagsListMax = 1_000;

export interface FraudFlag {
  id: string;
  kind: string;
  status: FraudFlagStatus;
  affiliateId: string | null;
  teamId: string | null;
  /** The evidence recorded when the flag was opened. */
  details: Record<string, unknown>;
  createdAt: string;
  affiliate: { id: string; name: string; email: string; kind: string; status: string } | null;
  team: { id: string; status: string; affiliateId: string | null; source: string | null } | null;
  /** The team's commissions by state; `held` while the flag (or another) is open. */
  commissions: (TeamCommissionsTotals & { held: boolean }) | null;
  decisions: Array<{ decision: string; note: string | null; decidedBy: string; decidedAt: string }>;
}

/**
 * The review queue: newest first, optionally of one status and kind; at most `limit` (≤ 1,000).
 * Each flag comes with what a reviewer needs: the affiliate, the team, the team's commissions and
 * the decisions taken so far.
 */
export async function listFraudFlags(
  context: Context,
  input: { status?: FraudFlagStatus | undefined; kind?: FraudFlagKind | undefined; limit: number },
): Promise<FraudFlag[]> {
  const flags = await loadFraudFlags(context.db, {
    status: input.status ?? null,
    kind: input.kind ?? null,
    limit: Math.min(input.limit, fraudFlagsListMax),
  });
  const decisionsOf = groupByFlag(
    await loadFraudFlagDecisions(
      context.db,
      flags.map((flag) => flag.id),
    ),
  );
  const affiliates = new Map<string, FraudFlag['affiliate']>();
  const teams = new Map<string, Pick<FraudFlag, 'team' | 'commissions'>>();
  const heldTeamIds = await loadTeamIdsWithOpenFraudFlags(
    context.db,
    flags.flatMap((flag) => (flag.teamId === null ? [] : [flag.teamId])),
  );
  const result: FraudFlag[] = [];
  for (const flag of flags) {
    if (flag.affiliateId !== null && !affiliates.has(flag.affiliateId)) {
      affiliates.set(flag.affiliateId, await affiliateOf(context, flag.affiliateId));
    }
    if (flag.teamId !== null && !teams.has(flag.teamId)) {
      teams.set(flag.teamId, await teamOf(context, flag.teamId, heldTeamIds.has(flag.teamId)));
    }
    const team = flag.teamId === null ? undefined : teams.get(flag.teamId);
    result.push({
      id: flag.id,
      kind: flag.kind,
      status: flag.status,
      affiliateId: flag.affiliateId,
      teamId: flag.teamId,
      details: flag.details,
      createdAt: flag.createdAt.toISOString(),
      affiliate: flag.affiliateId === null ? null : (affiliates.get(flag.affiliateId) ?? null),
      team: team?.team ?? null,
      commissions: team?.commissions ?? null,
      decisions: (decisionsOf.get(flag.id) ?? []).map((decision) => ({
        decision: decision.decision,
        note: decision.note,
        decidedBy: decision.decidedBy,
        decidedAt: decision.decidedAt.toISOString(),
      })),
    });
  }
  return result;
}

function groupByFlag(decisions: readonly FraudFlagDecisionRow[]): Map<string, FraudFlagDecisionRow[]> {
  const groups = new Map<string, FraudFlagDecisionRow[]>();
  for (const decision of decisions) {
    groups.set(decision.flagId, [...(groups.get(decision.flagId) ?? []), decision]);
  }
  return groups;
}

async function affiliateOf(context: Context, affiliateId: string): Promise<FraudFlag['affiliate']> {
  const row = await findAffiliate(context.db, affiliateId);
  if (!row) return null;
  return { id: row.id, name: row.name, email: row.email, kind: row.kind, status: row.status };
}

async function teamOf(
  context: Context,
  teamId: string,
  held: boolean,
): Promise<Pick<FraudFlag, 'team' | 'commissions'>> {
  const row = await loadTeam(context.db, teamId);
  if (!row) return { team: null, commissions: null };
  return {
    team: { id: row.id, status: row.status, affiliateId: row.affiliate_id, source: row.source },
    commissions: { ...(await summarizeTeamCommissions(context, teamId)), held },
  };
}
