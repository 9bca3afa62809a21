import type { Queryable } from '../../platform/db/database.js';
import {
  type PayoutRunState,
  type PayoutRunTotals,
  payoutRunStatesHoldingPayouts,
} from '../rules/payout_runs.js';
import type { PayoutProviderName } from '../rules/payouts.js';

/** The `payout_runs` table: one row per run (as-of time), its approval and its payouts' totals. */

export interface PayoutRun {
  id: string;
  asOf: Date;
  provider: PayoutProviderName;
  state: PayoutRunState;
  approvalRequired: boolean;
  createdAt: Date;
  updatedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  sentAt: Date | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
  note: string | null;
}

export type PayoutRunWithTotals = PayoutRun & { totals: PayoutRunTotals };

interface PayoutRunRow {
  id: string;
  as_of: Date;
  provider: PayoutProviderName;
  state: PayoutRunState;
  approval_required: boolean;
  created_at: Date;
  updated_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  sent_at: Date | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  note: string | null;
}

interface TotalsRow {
  payouts: number | string;
  total_cents: number | string;
  paid: number | string;
  failed: number | string;
}

const runColumns = `r.id, r.as_of, r.provider, r.state, r.approval_required, r.created_at, r.updated_at,
  r.approved_by, r.approved_at, r.sent_at, r.cancelled_by, r.cancelled_at, r.note`;

const totalsColumns = `count(p.id) AS payouts, coalesce(sum(p.amount_cents), 0) AS total_cents,
  count(p.id) FILTER (WHERE p.state = 'paid') AS paid, count(p.id) FILTER (WHERE p.state = 'failed') AS failed`;

function toRun(row: PayoutRunRow): PayoutRun {
  return {
    id: row.id,
    asOf: row.as_of,
    provider: row.provider,
    state: row.state,
    approvalRequired: row.approval_required,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    sentAt: row.sent_at,
    cancelledBy: row.cancelled_by,
    cancelledAt: row.cancelled_at,
    note: row.note,
  };
}

function toTotals(row: TotalsRow): PayoutRunTotals {
  const payouts = Number(row.payouts);
  const paid = Number(row.paid);
  const failed = Number(row.failed);
  return { payouts, totalCents: Number(row.total_cents), paid, failed, open: payouts - paid - failed };
}

/**
 * Records the run of an as-of time once; a repeated run of the same as-of finds the row made
 * first (and its state) instead of making another.
 */
export async function ensurePayoutRun(
  db: Queryable,
  run: {
    id: string;
    asOf: Date;
    provider: PayoutProviderName;
    state: PayoutRunState;
    approvalRequired: boolean;
    at: Date;
  },
): Promise<PayoutRun> {
  await db.query(
    `INSERT INTO payout_runs (id, as_of, provider, state, approval_required, created_at, updated_at, approved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $4 = 'approved' THEN $6::timestamptz END)
     ON CONFLICT (id) DO NOTHING`,
    [run.id, run.asOf, run.provider, run.state, run.approvalRequired, run.at],
  );
  return (await loadPayoutRun(db, run.id))!;
}

export async function loadPayoutRun(db: Queryable, runId: string): Promise<PayoutRun | null> {
  const rows = await db.query<PayoutRunRow>(`SELECT ${runColumns} FROM payout_runs r WHERE r.id = $1`, [
    runId,
  ]);
  return rows[0] ? toRun(rows[0]) : null;
}

export async function lockPayoutRun(tx: Queryable, runId: string): Promise<PayoutRun | null> {
  const rows = await tx.query<PayoutRunRow>(
    `SELECT ${runColumns} FROM payout_runs r WHERE r.id = $1 FOR UPDATE`,
    [runId],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Ids of runs in `state`, oldest as-of first, at most `rowsMax`. */
export async function listPayoutRunIdsInState(
  db: Queryable,
  query: { state: PayoutRunState; rowsMax: number },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM payout_runs WHERE state = $1 ORDER BY as_of, id LIMIT $2',
    [query.state, query.rowsMax],
  );
  return rows.map((row) => row.id);
}

/** Moves a run from one state to another; false when it was not in `from` (someone else moved it). */
export async function movePayoutRun(
  tx: Queryable,
  move: {
    runId: string;
    from: PayoutRunState;
    to: PayoutRunState;
    at: Date;
    by?: string | null;
    note?: string | null;
  },
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE payout_runs SET state = $3, updated_at = $4,
            approved_by = CASE WHEN $3 = 'approved' THEN $5::text ELSE approved_by END,
            approved_at = CASE WHEN $3 = 'approved' THEN $4::timestamptz ELSE approved_at END,
            sent_at = CASE WHEN $3 = 'sent' THEN $4::timestamptz ELSE sent_at END,
            cancelled_by = CASE WHEN $3 = 'cancelled' THEN $5::text ELSE cancelled_by END,
            cancelled_at = CASE WHEN $3 = 'cancelled' THEN $4::timestamptz ELSE cancelled_at END,
            note = coalesce($6::text, note)
      WHERE id = $1 AND state = $2 RETURNING id`,
    [move.runId, move.from, move.to, move.at, move.by ?? null, move.note ?? null],
  );
  return rows.length === 1;
}

/** Runs newest first (by as-of), with their payouts' totals, before the keyset `before`. */
export async function listPayoutRunsNewestFirst(
  db: Queryable,
  query: { before: { asOf: Date; id: string } | null; rowsMax: number },
): Promise<PayoutRunWithTotals[]> {
  const rows = await db.query<PayoutRunRow & TotalsRow>(
    `SELECT ${runColumns}, ${totalsColumns}
       FROM payout_runs r LEFT JOIN payouts p ON p.run_id = r.id
      WHERE ($1::timestamptz IS NULL OR (r.as_of, r.id) < ($1::timestamptz, $2::text))
      GROUP BY r.id
      ORDER BY r.as_of DESC, r.id DESC LIMIT $3`,
    [query.before?.asOf ?? null, query.before?.id ?? null, query.rowsMax],
  );
  return rows.map((row) => ({ ...toRun(row), totals: toTotals(row) }));
}

export async function loadPayoutRunTotals(db: Queryable, runId: string): Promise<PayoutRunTotals> {
  const rows = await db.query<TotalsRow>(`SELECT ${totalsColumns} FROM payouts p WHERE p.run_id = $1`, [
    runId,
  ]);
  return toTotals(rows[0]!);
}

/** The SQL condition that keeps a payout of a run awaiting approval (or cancelled) away from every rail. */
export function payoutReleasedToRailSql(payoutAlias: string): string {
  const states = payoutRunStatesHoldingPayouts.map((state) => `'${state}'`).join(', ');
  return `NOT EXISTS (SELECT 1 FROM payout_runs hold WHERE hold.id = ${payoutAlias}.run_id AND hold.state IN (${states}))`;
}
