import type { Context } from '../app/context.js';
import { emitPartnerEvent } from '../partners/emit_partner_event.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { attributeTeamToAgency } from '../referrals/attribute_team_to_agency.js';
import type { ReferralSource } from '../referrals/rules/attribution.js';
import { selectFirstLinkOfAffiliate } from '../tracking/storage/links.js';
import { isInternalTeam } from './is_internal_team.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { lockProject } from './storage/agency_projects.js';
import {
  type ConfigurationAuthor,
  loadConfigurationVersion,
} from './storage/project_configuration_versions.js';
import { type HandoffRow, insertHandoff, loadHandoff } from './storage/project_handoffs.js';

export interface HandoffAnswer {
  projectId: string;
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  /** The team's attribution when it is the agency's; null when another partner holds it or nobody. */
  source: ReferralSource | null;
  affiliateId: string | null;
  conflictFlagId?: string;
  configurationVersion: number;
  referralTag: string | null;
}

/**
 * Hands a project off to the client's team (SPEC §7): the team inherits the current configuration
 * and the agency's referral tag, and is attributed to the agency (Tier 4 from its first paid
 * invoice) unless another partner already holds it. Idempotent: the same team again answers the
 * first hand-off and writes nothing; another team after a hand-off, or one of an agency's own
 * (internal) teams, is a conflict. Emits `project.handed_off` with the configuration.
 */
export async function handOffProject(
  context: Context,
  scope: WorkspaceScope,
  input: { projectId: string; teamId: string; handedOffBy: ConfigurationAuthor },
): Promise<HandoffAnswer> {
  return context.db.transaction(async (tx) => {
    const project = await lockProject(tx, scope, input.projectId);
    if (!project) throw notFound('project', input.projectId);
    await loadWorkspaceAgency(tx, scope, project.agencyId, 'write');
    const earlier = await loadHandoff(tx, scope, project.id);
    if (earlier) return answerOfEarlier(earlier, input.teamId);
    if (await isInternalTeam(tx, input.teamId)) {
      throw new AppError(
        'conflict',
        `team ${input.teamId} is an agency's own team: its use is free, not a client's`,
        {
          path: 'teamId',
        },
      );
    }
    const current = await loadConfigurationVersion(tx, scope, project.id, project.currentVersion);
    if (!current) throw new Error(`project ${project.id} has no version ${project.currentVersion}`);
    const referralTag = (await selectFirstLinkOfAffiliate(tx, project.agencyId))?.code ?? null;
    const handedOffAt = context.clock.now();
    const attribution = await attributeTeamToAgency(context, tx, {
      teamId: input.teamId,
      agencyId: project.agencyId,
      projectId: project.id,
      configurationVersion: current.version,
      handedOffAt,
      referralTag,
      clientDomain: project.clientDomain,
      handedOffBy: input.handedOffBy,
    });
    const handoff: HandoffRow = {
      projectId: project.id,
      agencyId: project.agencyId,
      teamId: input.teamId,
      handedOffAt,
      attributed: attribution.attributed,
      conflictFlagId: attribution.conflictFlagId,
      configurationVersion: current.version,
      referralTag,
      handedOffBy: input.handedOffBy,
    };
    if (!(await insertHandoff(tx, scope, handoff)))
      throw new Error(`project ${project.id} was handed off twice`);
    await emitPartnerEvent(context, tx, {
      eventId: `project.handed_off:${project.id}`,
      affiliateId: project.agencyId,
      type: 'project.handed_off',
      data: {
        projectId: project.id,
        agencyId: project.agencyId,
        teamId: input.teamId,
        configurationVersion: current.version,
        configuration: current.configuration,
        referralTag,
        attributed: attribution.attributed,
        handedOffAt: handedOffAt.toISOString(),
      },
    });
    return answerOf(handoff, attribution.source, attribution.affiliateId);
  });
}

function answerOfEarlier(earlier: HandoffRow, teamId: string): HandoffAnswer {
  if (earlier.teamId !== teamId) {
    throw new AppError('conflict', `project ${earlier.projectId} was already handed off to another team`, {
      path: 'teamId',
      details: { handedOffTo: earlier.teamId },
    });
  }
  return answerOf(
    earlier,
    earlier.attributed ? 'agency' : null,
    earlier.attributed ? earlier.agencyId : null,
  );
}

function answerOf(
  handoff: HandoffRow,
  source: ReferralSource | null,
  affiliateId: string | null,
): HandoffAnswer {
  return {
    projectId: handoff.projectId,
    teamId: handoff.teamId,
    handedOffAt: handoff.handedOffAt.toISOString(),
    attributed: handoff.attributed,
    source,
    affiliateId,
    ...(handoff.conflictFlagId ? { conflictFlagId: handoff.conflictFlagId } : {}),
    configurationVersion: handoff.configurationVersion,
    referralTag: handoff.referralTag,
  };
}
