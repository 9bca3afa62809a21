import type { Queryable } from '../../platform/db/database.js';

/** The PostgreSQL notification channel every process publishes affiliate events on. */
export const affiliateEventsChannel = 'affiliate_events';

/**
 * Sends each payload on the channel inside the caller's transaction: PostgreSQL delivers a
 * notification only when the transaction commits. One statement carries every payload.
 */
export async function notifyAffiliateEvents(tx: Queryable, payloads: readonly string[]): Promise<void> {
  await tx.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
    affiliateEventsChannel,
    payloads,
  ]);
}
