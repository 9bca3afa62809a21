import type { Context } from '../app/context.js';
import { loadAffiliateTierCommissionsEarnedBetween } from '../commissions/storage/commissions.js';
import { AppError } from '../platform/rules/errors.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import {
  buildRevenueShareReport,
  type DayRange,
  type RevenueShareReport,
  rangeInstants,
  revenueShareRange,
} from './rules/revenue_share_report.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { loadHandedOffProjectsOfTeams } from './storage/project_handoffs.js';

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
  // Another workspace, a developer affiliate or an agency not active answers 404 (a program
  // manager may still read a pending or suspended agency's history).
  const agencyId = (await loadWorkspaceAgency(context.db, scope, query.agencyId, 'read')).id;

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
  // Read in this one workspace's scope, so a program manager sees only this agency's projects too.
  const projects = await loadHandedOffProjectsOfTeams(context.db, { agencyId }, [
    ...new Set(commissions.map((commission) => commission.teamId)),
  ]);
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
