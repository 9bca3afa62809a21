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
