import type { Queryable } from '../../platform/db/database.js';

/** The `usage_events` table: the ids of usage events still remembered, so each counts once. */

/** Deletes at most `limit` events that occurred before `before`; answers how many went. */
export async function deleteUsageEventsBefore(db: Queryable, before: Date, limit: number): Promise<number> {
  const deleted = await db.query<{ id: string }>(
    `DELETE FROM usage_events WHERE id IN (
       SELECT id FROM usage_events WHERE occurred_at < $1 LIMIT $2
     ) RETURNING id`,
    [before, limit],
  );
  return deleted.length;
}
