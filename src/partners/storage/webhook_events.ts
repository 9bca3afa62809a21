import type { Queryable } from '../../platform/db/database.js';

export interface NewWebhookEventRow {
  id: string;
  affiliateId: string;
  type: string;
  data: Record<string, unknown>;
}

/** Inserts the events whose id is new, all created at `createdAt`; returns the ids inserted. */
export async function insertNewWebhookEvents(
  tx: Queryable,
  events: readonly NewWebhookEventRow[],
  createdAt: Date,
): Promise<string[]> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO webhook_events (id, affiliate_id, type, data, created_at)
     SELECT id, affiliate_id, type, data::jsonb, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e (id, affiliate_id, type, data)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      events.map((event) => event.id),
      events.map((event) => event.affiliateId),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      createdAt,
    ],
  );
  return inserted.map((row) => row.id);
}
