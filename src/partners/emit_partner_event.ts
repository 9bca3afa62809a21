import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import type { PartnerEventType } from './rules/outgoing_webhooks.js';

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

/** The same for many events in three statements (bulk reversals); returns how many were new. */
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
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO webhook_events (id, affiliate_id, type, data, created_at)
     SELECT id, affiliate_id, type, data::jsonb, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e (id, affiliate_id, type, data)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      events.map((event) => event.eventId),
      events.map((event) => event.affiliateId),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      now,
    ],
  );
  if (inserted.length === 0) return 0;
  const targets = await tx.query<{ event_id: string; endpoint_id: string }>(
    `SELECT ev.id AS event_id, ep.id AS endpoint_id
       FROM webhook_events ev
       JOIN webhook_endpoints ep
         ON ep.affiliate_id = ev.affiliate_id AND ep.disabled_at IS NULL AND ev.type = ANY (ep.event_types)
      WHERE ev.id = ANY ($1::text[])
      ORDER BY ev.id, ep.id`,
    [inserted.map((row) => row.id)],
  );
  if (targets.length > 0) {
    await tx.query(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at)
       SELECT id, event_id, endpoint_id, 'pending', $4, $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS d (id, event_id, endpoint_id)
       ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
      [
        targets.map(() => context.newId('whd')),
        targets.map((target) => target.event_id),
        targets.map((target) => target.endpoint_id),
        now,
      ],
    );
    // Sent once the caller commits: the dispatcher waits a moment, and polls besides.
    context.webhookDeliveries.kick();
  }
  return inserted.length;
}
