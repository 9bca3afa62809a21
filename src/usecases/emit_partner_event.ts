import type { Context } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { PartnerEventType } from '../domain/outgoing_webhooks.js';

/**
 * Records a partner event and one pending delivery per subscribed endpoint, inside the caller's
 * transaction (an outbox): the event exists exactly when the change it reports was committed.
 * `eventId` should be deterministic (e.g. `commission.created:<commissionId>`) so a retried
 * change does not emit twice.
 */
export async function emitPartnerEvent(
  context: Context,
  tx: Queryable,
  event: { eventId: string; affiliateId: string; type: PartnerEventType; data: Record<string, unknown> },
): Promise<boolean> {
  const now = context.clock.now();
  const inserted = await tx.query(
    `INSERT INTO webhook_events (id, affiliate_id, type, data, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [event.eventId, event.affiliateId, event.type, JSON.stringify(event.data), now],
  );
  if (inserted.length === 0) return false;
  const endpoints = await tx.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints
      WHERE affiliate_id = $1 AND disabled_at IS NULL AND $2 = ANY (event_types)`,
    [event.affiliateId, event.type],
  );
  for (const endpoint of endpoints) {
    await tx.query(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at)
       VALUES ($1, $2, $3, 'pending', $4, $4) ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
      [context.newId('whd'), event.eventId, endpoint.id, now],
    );
  }
  return true;
}
