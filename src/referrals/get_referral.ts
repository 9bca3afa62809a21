import type { Context } from '../app/context.js';
import type { ReferralSource, TeamAttributionRule } from './rules/attribution.js';
import type { LifecycleStatus } from './rules/lifecycle.js';
import { loadReferralEvents } from './storage/referral_events.js';
import { loadTeam } from './storage/teams.js';

export interface ReferralEventView {
  type: string;
  cause: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

export interface Referral {
  teamId: string;
  status: LifecycleStatus;
  affiliateId: string | null;
  source: ReferralSource | null;
  rule: TeamAttributionRule | null;
  tag: string | null;
  linkId: string | null;
  clickId: string | null;
  emailDomain: string;
  members: number;
  signedUpAt: string;
  /** In append order. */
  events: ReferralEventView[];
  evidence: Record<string, unknown>;
}

export async function getReferral(context: Context, teamId: string): Promise<Referral | null> {
  const row = await loadTeam(context.db, teamId);
  if (!row) return null;
  const events = await loadReferralEvents(context.db, teamId);
  return {
    teamId: row.id,
    status: row.status,
    affiliateId: row.affiliate_id,
    source: row.source,
    rule: row.rule,
    tag: row.tag,
    linkId: row.link_id,
    clickId: row.click_id,
    emailDomain: row.email_domain,
    members: row.members,
    signedUpAt: row.signed_up_at.toISOString(),
    events: events.map((event) => ({
      type: event.type,
      cause: event.cause,
      occurredAt: event.occurredAt.toISOString(),
      recordedAt: event.recordedAt.toISOString(),
      data: event.data,
    })),
    evidence: row.evidence,
  };
}
