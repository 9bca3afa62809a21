import type { Queryable } from '../../platform/db/database.js';

export interface NewWebhookEventRow {
  id: string;
  affiliateId: string;
  type: string;
  data: Record<string, unknown>;
}

export interface InsertedWebhookEvents {
  /** The ids of the events that were new, in id order. */
  insertedIds: string[];
  /** Each (new event, endpoint) pair where the endpoint is enabled, its affiliate's, and subscribed to the type. */
  targets: Array<{ event_id: string; endpoint_id: string }>;
}

/**
 * Inserts the events whose id is new, all created at `createdAt`, and finds the endpoints
 * subscribed to them, in one statement.
 */
export async function insertNewWebhookEvents(
  tx: Queryable,
  events: readonly NewWebhookEventRow[],
  createdAt: Date,
): Promise<InsertedWebhookEvents> {
  const rows = await tx.query<{ event_id: string; endpoint_id: string | null }>(
    `WITH inserted AS (
       INSERT INTO webhook_events (id, affiliate_id, type, data, created_at)
       SELECT id, affiliate_id, type, data::jsonb, $5
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e (id, affiliate_id, type, data)
       ON CONFLICT (id) DO NOTHING RETURNING id, affiliate_id, type
     )
     SELECT i.id AS event_id, ep.id AS endpoint_id
       FROM inserted i
       LEFT JOIN webhook_endpoints ep
         ON ep.affiliate_id = i.affiliate_id AND ep.disabled_at IS NULL AND i.type = ANY (ep.event_types)
      ORDER BY i.id, ep.id`,
    [
      events.map((event) => event.id),
      events.map((event) => event.affiliateId),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      createdAt,
    ],
  );
  const insertedIds: string[] = [];
  const targets: Array<{ event_id: string; endpoint_id: string }> = [];
  for (const row of rows) {
    if (insertedIds.at(-1) !== row.event_id) insertedIds.push(row.event_id);
    if (row.endpoint_id !== null) targets.push({ event_id: row.event_id, endpoint_id: row.endpoint_id });
  }
  return { insertedIds, targets };
}
