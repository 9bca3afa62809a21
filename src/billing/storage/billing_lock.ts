import type { Queryable } from '../../platform/db/database.js';

/**
 * Any fixed number. Billing writes are rare (webhooks, a few per second at most), so they take
 * one transaction-level lock: a fact and the link that makes it visible to a team can then
 * never be written by two transactions that miss each other's rows.
 */
const billingLockKey = 7_310_440;

export async function lockBilling(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [billingLockKey]);
}
