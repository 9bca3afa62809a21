import { revokeSessionsOfUser } from '../accounts/storage/sessions_store.js';
import { lockAgencyUsers, markUserRemoved } from '../accounts/storage/users_store.js';
import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

/**
 * Takes a person out of an agency's workspace: the user is marked removed (its row stays, for the
 * history its sessions and links refer to), every session ends at once, and it signs in no more.
 * The last owner cannot be removed: a workspace always has someone who manages it.
 */
export async function removeMember(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
  userId: string,
): Promise<{ sessionsEnded: number }> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const users = await lockAgencyUsers(tx, agencyId);
    const target = users.find((user) => user.id === userId);
    if (!target) throw new AppError('not_found', `member ${userId} does not exist`);
    const otherOwners = users.filter((user) => user.id !== userId && user.roles.includes('agency_owner'));
    if (target.roles.includes('agency_owner') && otherOwners.length === 0) {
      throw new AppError(
        'conflict',
        'the last owner of a workspace cannot be removed; make another owner first',
      );
    }
    await markUserRemoved(tx, { userId, agencyId, removedAt: now });
    return { sessionsEnded: await revokeSessionsOfUser(tx, userId, now) };
  });
}
