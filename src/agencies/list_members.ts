import { listAgencyUsers } from '../accounts/storage/users_store.js';
import type { Context } from '../app/context.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type MemberView, memberViewOf } from './member_view.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

/** Bound on the people of one workspace listed at once. */
export const membersListMax = 1_000;

/** The people acting for an agency now, oldest first. */
export async function listMembers(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<MemberView[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  return (await listAgencyUsers(context.db, agencyId, membersListMax)).map(memberViewOf);
}
