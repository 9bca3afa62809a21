import type { Context } from '../app/context.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { listAgencyHandoffs } from './storage/project_handoffs.js';

/** At most this many hand-offs are listed (newest first). */
export const handoffsListedMax = 500;

export interface HandoffListItem {
  projectId: string;
  projectName: string;
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  conflictFlagId?: string;
  configurationVersion: number;
}

export async function listHandoffs(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<HandoffListItem[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  const handoffs = await listAgencyHandoffs(context.db, scope, agencyId, handoffsListedMax);
  return handoffs.map((handoff) => ({
    projectId: handoff.projectId,
    projectName: handoff.projectName,
    teamId: handoff.teamId,
    handedOffAt: handoff.handedOffAt.toISOString(),
    attributed: handoff.attributed,
    ...(handoff.conflictFlagId ? { conflictFlagId: handoff.conflictFlagId } : {}),
    configurationVersion: handoff.configurationVersion,
  }));
}
