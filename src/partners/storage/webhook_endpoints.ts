import type { Queryable } from '../../platform/db/database.js';
import type { PartnerEventType } from '../rules/outgoing_webhooks.js';

export interface NewWebhookEndpointRow {
  id: string;
  affiliateId: string;
  url: string;
  secret: string;
  eventTypes: readonly PartnerEventType[];
  createdAt: Date;
}

export async function insertWebhookEndpoint(db: Queryable, endpoint: NewWebhookEndpointRow): Promise<void> {
  await db.query(
    `INSERT INTO webhook_endpoints (id, affiliate_id, url, secret, event_types, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      endpoint.id,
      endpoint.affiliateId,
      endpoint.url,
      endpoint.secret,
      endpoint.eventTypes,
      endpoint.createdAt,
    ],
  );
}

/** Each (event, endpoint) pair where the endpoint is enabled, its affiliate's, and subscribed to the type. */
export async function selectSubscribedEndpoints(
  tx: Queryable,
  eventIds: readonly string[],
): Promise<Array<{ event_id: string; endpoint_id: string }>> {
  return tx.query<{ event_id: string; endpoint_id: string }>(
    `SELECT ev.id AS event_id, ep.id AS endpoint_id
       FROM webhook_events ev
       JOIN webhook_endpoints ep
         ON ep.affiliate_id = ev.affiliate_id AND ep.disabled_at IS NULL AND ev.type = ANY (ep.event_types)
      WHERE ev.id = ANY ($1::text[])
      ORDER BY ev.id, ep.id`,
    [eventIds],
  );
}
