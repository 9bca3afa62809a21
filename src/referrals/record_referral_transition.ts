import type { Context } from '../app/context.js';
import { emitPartnerEvents, type PartnerEvent } from '../partners/emit_partner_event.js';
import { referralEventId, referralEventTypeOf } from '../partners/rules/outgoing_webhooks.js';
import type { Queryable } from '../platform/db/database.js';
import type { LifecycleState } from './rules/lifecycle.js';
import { type AppendReferralEvent, appendReferralEventOfTeam } from './storage/referral_events.js';
import type { TeamReferrer } from './storage/teams.js';

/**
 * Appends a lifecycle event (see `appendReferralEvent`) and, when it was appended for a team that
 * an affiliate referred, announces it to that affiliate as `referral.<transition>` in the same
 * transaction. The partner hears the team id, the stage and its time, never the team's email.
 */
export async function recordReferralTransition(
  context: Context,
  tx: Queryable,
  event: AppendReferralEvent,
): Promise<LifecycleState | null> {
  const appended = await appendReferralEventOfTeam(tx, event);
  if (appended === null) return null;
  await announceReferralTransitions(context, tx, [{ event, state: appended.state, team: appended.team }]);
  return appended.state;
}

export interface AppendedTransition {
  event: AppendReferralEvent;
  /** The team's state once the event was appended. */
  state: LifecycleState;
  team: TeamReferrer;
}

/** Announces appended events of referred teams to their affiliates, all in one batch. */
export async function announceReferralTransitions(
  context: Context,
  tx: Queryable,
  transitions: readonly AppendedTransition[],
): Promise<void> {
  const partnerEvents: PartnerEvent[] = [];
  for (const { event, state, team } of transitions) {
    const type = referralEventTypeOf(event.type);
    if (type === null || !team.affiliateId) continue;
    partnerEvents.push({
      eventId: referralEventId(event.type, event.teamId),
      affiliateId: team.affiliateId,
      type,
      data: {
        teamId: event.teamId,
        status: state.status,
        cause: event.cause,
        occurredAt: event.occurredAt.toISOString(),
        source: team.source,
        linkId: team.linkId,
        tag: team.tag,
      },
    });
  }
  await emitPartnerEvents(context, tx, partnerEvents);
}
