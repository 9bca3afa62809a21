import type { Queryable } from '../../platform/db/database.js';

/**
 * Active affiliates whose materialized available balance reaches the minimum (and, on the Stripe
 * rail, whose payout account is ready), by id after `after`. A read across the ledger's balances,
 * the affiliates and the payout accounts that only the payout run asks; it is re-checked under the
 * affiliate's ledger lock.
 */
export async function listPayoutCandidates(
  db: Queryable,
  query: { stripe: boolean; minPayoutCents: number; after: string; rowsMax: number },
): Promise<string[]> {
  const rows = await db.query<{ affiliate_id: string }>(
    `SELECT b.affiliate_id FROM ledger_account_balances b
       JOIN affiliates f ON f.id = b.affiliate_id AND f.status = 'active'
       LEFT JOIN payout_accounts a ON a.affiliate_id = b.affiliate_id
      WHERE b.account = 'available' AND b.balance_cents > 0 AND b.balance_cents >= $1
        AND (NOT $2::boolean OR a.status = 'ready')
        AND b.affiliate_id > $3
      ORDER BY b.affiliate_id LIMIT $4`,
    [query.minPayoutCents, query.stripe, query.after, query.rowsMax],
  );
  return rows.map((row) => row.affiliate_id);
}
