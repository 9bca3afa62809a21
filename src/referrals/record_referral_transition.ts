import type { Context } from '../app/context.js';
import { emitPartnerEvent } from '../partners/emit_partner_event.js';
import { referralEventId, referralEventTypeOf } from '../partners/rules/outgoing_webhooks.js';
import type { Queryable } from '../platform/db/database.js';
import type { LifecycleState } from './rules/lifecycle.js';
import { type AppendReferralEvent, appendReferralEvent } from './storage/referral_events.js';
import { loadTeamReferrer } from './storage/teams.js';

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
  const state = await appendReferralEvent(tx, event);
  const type = referralEventTypeOf(event.type);
  if (state === null || type === null) return state;
  const team = await loadTeamReferrer(tx, event.teamId);
  if (!team?.affiliateId) return state;
  await emitPartnerEvent(context, tx, {
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
  return state;
}
