import type { Queryable } from '../../platform/db/database.js';

export interface LedgerPeriodSums {
  /** 0-based index of the period among the boundaries' periods. */
  periodIndex: number;
  /** Commissions granted less commissions reversed: the program's expense, as a positive amount. */
  commissionExpenseCents: number;
  /** Money that reached affiliates (`paid`), net of payout reversals. */
  paidOutCents: number;
}

/**
 * The whole program's commission expense and paid-out money per period, by the time each transfer
 * was posted. `boundaries`: n + 1 instants for n periods; periods without any transfer are left out.
 */
export async function sumLedgerByPeriod(
  db: Queryable,
  boundaries: readonly Date[],
): Promise<LedgerPeriodSums[]> {
  if (boundaries.length < 2) return [];
  const rows = await db.query<{ bucket: number; expense_cents: number; paid_cents: number }>(
    `SELECT width_bucket(tr.created_at, $1::timestamptz[])::int4 AS bucket,
            (0 - coalesce(sum(e.amount_cents) FILTER (WHERE e.account = 'program_expense'), 0))::int8 AS expense_cents,
            coalesce(sum(e.amount_cents) FILTER (WHERE e.account = 'paid'), 0)::int8 AS paid_cents
       FROM ledger_transfers tr JOIN ledger_entries e ON e.transfer_id = tr.id
      WHERE tr.created_at >= $2 AND tr.created_at < $3 AND e.account IN ('program_expense', 'paid')
      GROUP BY 1`,
    [boundaries, boundaries[0], boundaries[boundaries.length - 1]],
  );
  return rows.map((row) => ({
    periodIndex: row.bucket - 1,
    commissionExpenseCents: Number(row.expense_cents),
    paidOutCents: Number(row.paid_cents),
  }));
}
