import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import type { PartnerEventType } from './rules/outgoing_webhooks.js';
import { insertPendingDeliveries } from './storage/webhook_deliveries.js';
import { insertNewWebhookEvents } from './storage/webhook_events.js';

export interface PartnerEvent {
  eventId: string;
  affiliateId: string;
  type: PartnerEventType;
  data: Record<string, unknown>;
}

/** Events recorded per statement; a caller with more emits in several calls. */
export const partnerEventsPerCallMax = 5_000;

/**
 * Records a partner event and one pending delivery per subscribed endpoint, inside the caller's
 * transaction (an outbox): the event exists exactly when the change it reports was committed.
 * `eventId` should be deterministic (e.g. `commission.created:<commissionId>`) so a retried
 * change does not emit twice. True when the event is new.
 */
export async function emitPartnerEvent(
  context: Context,
  tx: Queryable,
  event: PartnerEvent,
): Promise<boolean> {
  return (await emitPartnerEvents(context, tx, [event])) === 1;
}

/** The same for many events in two statements (bulk reversals); returns how many were new. */
export async function emitPartnerEvents(
  context: Context,
  tx: Queryable,
  events: readonly PartnerEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  if (events.length > partnerEventsPerCallMax) {
    throw new Error(`at most ${partnerEventsPerCallMax} partner events at once, got ${events.length}`);
  }
  const now = context.clock.now();
  const { insertedIds, targets } = await insertNewWebhookEvents(
    tx,
    events.map((event) => ({
      id: event.eventId,
      affiliateId: event.affiliateId,
      type: event.type,
      data: event.data,
    })),
    now,
  );
  if (targets.length > 0) {
    await insertPendingDeliveries(
      tx,
      targets.map((target) => ({
        id: context.newId('whd'),
        eventId: target.event_id,
        endpointId: target.endpoint_id,
      })),
      now,
    );
    // Sent once the caller commits: the dispatcher waits a moment, and polls besides.
    context.webhookDeliveries.kick();
  }
  return insertedIds.length;
}
