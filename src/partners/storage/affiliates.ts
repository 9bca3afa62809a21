import type { Queryable } from '../../platform/db/database.js';

/** Whether an affiliate with this id exists. */
export async function affiliateExists(db: Queryable, affiliateId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM affiliates WHERE id = $1', [affiliateId]);
  return rows.length > 0;
}
