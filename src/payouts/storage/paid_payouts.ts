import type { Queryable } from '../../platform/db/database.js';

/** What payouts paid to affiliates with a paid time in [from, to), less what was reversed of them since. */
export async function sumPaidPayoutsCents(db: Queryable, range: { from: Date; to: Date }): Promise<number> {
  const [row] = await db.query<{ paid_cents: number }>(
    `SELECT coalesce(sum(amount_cents - reversed_cents), 0)::int8 AS paid_cents FROM payouts
      WHERE state = 'paid' AND paid_at >= $1 AND paid_at < $2`,
    [range.from, range.to],
  );
  return Number(row?.paid_cents ?? 0);
}
