import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { recordReferralTransition } from './record_referral_transition.js';
import { handoffAttributionRule, type ReferralSource } from './rules/attribution.js';
import { insertFraudFlag } from './storage/fraud_flags.js';
import { insertTeam, loadTeam, lockTeamReferral } from './storage/teams.js';

export interface AgencyHandoffFact {
  teamId: string;
  agencyId: string;
  projectId: string;
  configurationVersion: number;
  handedOffAt: Date;
  /** The agency's referral tag the client inherits (its first link's code), when it has a link. */
  referralTag: string | null;
  /** The client's company domain named on the project, if any. */
  clientDomain: string | null;
  handedOffBy: { userId: string | null; keyId: string | null; email: string | null };
}

export interface AgencyHandoffAttribution {
  /** Whether the team is (now) the agency's: Tier 4 from its first paid invoice. */
  attributed: boolean;
  /** The team's source and affiliate when it is the agency's; null otherwise (another partner's stay private). */
  source: ReferralSource | null;
  affiliateId: string | null;
  conflictFlagId: string | null;
}

/**
 * An agency hands a project off to a client team (SPEC §7), inside the caller's transaction. A team
 * is attributed once: a team not yet recorded is recorded now as the agency's (source `agency`, rule
 * `agency_handoff`, the hand-off as evidence), so its later signup changes nothing; a team already
 * the agency's stays so; a team another partner holds keeps that partner, and a `handoff_conflict`
 * flag with both sides' evidence goes to the program manager; a team that signed up unreferred stays
 * unreferred (its signup decided; an agency claims a client's domain before the client signs up).
 */
export async function attributeTeamToAgency(
  context: Context,
  tx: Queryable,
  handoff: AgencyHandoffFact,
): Promise<AgencyHandoffAttribution> {
  let team = await lockTeamReferral(tx, handoff.teamId);
  if (!team) {
    if (await recordHandedOffTeam(context, tx, handoff)) {
      return { attributed: true, source: 'agency', affiliateId: handoff.agencyId, conflictFlagId: null };
    }
    // Its signup was recorded meanwhile: judge it as any recorded team.
    team = (await lockTeamReferral(tx, handoff.teamId))!;
  }
  if (team.affiliateId === handoff.agencyId && team.status !== 'rejected') {
    return { attributed: true, source: team.source, affiliateId: handoff.agencyId, conflictFlagId: null };
  }
  if (team.affiliateId === null || team.affiliateId === handoff.agencyId) {
    return { attributed: false, source: null, affiliateId: null, conflictFlagId: null };
  }
  const conflictFlagId = await flagHandoffConflict(context, tx, handoff);
  return { attributed: false, source: null, affiliateId: null, conflictFlagId };
}

function handoffEvidence(handoff: AgencyHandoffFact): Record<string, unknown> {
  return {
    agencyId: handoff.agencyId,
    projectId: handoff.projectId,
    configurationVersion: handoff.configurationVersion,
    handedOffAt: handoff.handedOffAt.toISOString(),
    referralTag: handoff.referralTag,
    handedOffBy: handoff.handedOffBy,
  };
}

/** False when a team with this id was recorded meanwhile (nothing written then). */
async function recordHandedOffTeam(
  context: Context,
  tx: Queryable,
  handoff: AgencyHandoffFact,
): Promise<boolean> {
  const now = context.clock.now();
  const inserted = await insertTeam(tx, {
    id: handoff.teamId,
    // The client's people are not known yet: their signup, when it comes, changes nothing.
    email: '',
    emailDomain: handoff.clientDomain ?? '',
    affiliateId: handoff.agencyId,
    linkId: null,
    clickId: null,
    tag: null,
    source: 'agency',
    rule: handoffAttributionRule,
    evidence: {
      decision: 'attributed',
      rule: handoffAttributionRule,
      signupAt: handoff.handedOffAt.toISOString(),
      handoff: handoffEvidence(handoff),
    },
    signedUpAt: handoff.handedOffAt,
    createdAt: now,
  });
  if (!inserted) return false;
  const appended = await recordReferralTransition(context, tx, {
    teamId: handoff.teamId,
    type: 'signed_up',
    cause: `attributed_by_${handoffAttributionRule}`,
    occurredAt: handoff.handedOffAt,
    recordedAt: now,
    data: { rule: handoffAttributionRule, affiliateId: handoff.agencyId, ...handoffEvidence(handoff) },
  });
  if (!appended) throw new Error(`lifecycle refused signed_up for handed-off team ${handoff.teamId}`);
  return true;
}

async function flagHandoffConflict(
  context: Context,
  tx: Queryable,
  handoff: AgencyHandoffFact,
): Promise<string> {
  const held = (await loadTeam(tx, handoff.teamId))!;
  const id = context.newId('flg');
  await insertFraudFlag(tx, {
    id,
    kind: 'handoff_conflict',
    affiliateId: handoff.agencyId,
    teamId: handoff.teamId,
    details: {
      handoff: handoffEvidence(handoff),
      attribution: {
        affiliateId: held.affiliate_id,
        source: held.source,
        rule: held.rule,
        status: held.status,
        signedUpAt: held.signed_up_at.toISOString(),
        evidence: held.evidence,
      },
    },
    createdAt: context.clock.now(),
  });
  return id;
}
