import type { Context } from '../app/context.js';
import { lockBilling } from '../billing/storage/billing_lock.js';
import { reversalsPerCallMax, reverseCommissionsIn } from '../commissions/reverse_commission.js';
import { loadTeamCommissions } from '../commissions/storage/commissions.js';
import { AppError } from '../platform/rules/errors.js';
import { loadTeam } from '../referrals/storage/teams.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { insertInternalTeam } from './storage/agency_internal_teams.js';

export interface InternalTeamView {
  teamId: string;
  agencyId: string;
  createdAt: string;
}

export interface MarkInternalTeamResult {
  internalTeam: InternalTeamView;
  created: boolean;
  /** Commissions of the team not yet released to a balance, taken back when it was marked. */
  reversedCommissions: number;
  reversedCents: number;
}

/** The reversal that takes back what a team earned before it was marked internal. */
export const internalTeamReversalId = 'internal_team';
const unreleasedStates = new Set(['pending', 'vested', 'eligible']);

/**
 * An agency declares a team its own (SPEC §7): the team never earns anyone a commission from then
 * on. A team another partner referred is not the agency's to mark (a conflict; a program manager
 * may). Commissions the team already earned that were not yet released to an available balance
 * are reversed; released or paid ones stand. Runs under the billing lock, so no evaluation grants
 * the team anything between the mark and the reversal. Marking again answers the mark.
 */
export async function markInternalTeam(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
  input: { teamId: string; actor: string },
): Promise<MarkInternalTeamResult> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    const team = await loadTeam(tx, input.teamId);
    const referrer = team?.affiliate_id ?? null;
    if (referrer !== null && referrer !== agencyId && !('allWorkspaces' in scope)) {
      throw new AppError(
        'conflict',
        `team ${input.teamId} was referred by another partner; ask a program manager`,
        {
          path: 'teamId',
        },
      );
    }
    const { row, created } = await insertInternalTeam(tx, scope, {
      teamId: input.teamId,
      agencyId,
      createdAt: now,
      createdBy: input.actor,
    });
    if (!row || row.agencyId !== agencyId) {
      throw new AppError('conflict', `team ${input.teamId} is already another agency's internal team`, {
        path: 'teamId',
      });
    }
    let reversed = { commissions: 0, cents: 0 };
    if (created && team) {
      const unreleased = (await loadTeamCommissions(tx, input.teamId)).filter(
        (commission) => unreleasedStates.has(commission.status.state) && commission.status.remainingCents > 0,
      );
      const outcomes = await reverseCommissionsIn(
        context,
        tx,
        unreleased.slice(0, reversalsPerCallMax).map((commission) => ({
          commissionId: commission.id,
          reversalId: internalTeamReversalId,
          cause: `team marked internal by agency ${agencyId}`,
          announcedCause: 'internal_team',
        })),
        now,
      );
      reversed = {
        commissions: outcomes.filter((outcome) => outcome.reversedCents > 0).length,
        cents: outcomes.reduce((sum, outcome) => sum + outcome.reversedCents, 0),
      };
    }
    return {
      internalTeam: { teamId: row.teamId, agencyId: row.agencyId, createdAt: row.createdAt.toISOString() },
      created,
      reversedCommissions: reversed.commissions,
      reversedCents: reversed.cents,
    };
  });
}
