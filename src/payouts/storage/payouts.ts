import type { Queryable } from '../../platform/db/database.js';
import type { PayoutProviderName, PayoutState } from '../rules/payouts.js';
import { payoutReleasedToRailSql } from './payout_runs.js';

export interface Payout {
  id: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  provider: PayoutProviderName;
  destinationAccountId: string | null;
  state: PayoutState;
  providerTransferId: string | null;
  reference: string | null;
  attempts: number;
  lastError: string | null;
  failureReason: string | null;
  reversedCents: number;
  asOf: Date;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  paidAt: Date | null;
  failedAt: Date | null;
}

interface PayoutRow {
  id: string;
  affiliate_id: string;
  amount_cents: number;
  currency: string;
  provider: PayoutProviderName;
  destination_account_id: string | null;
  state: PayoutState;
  provider_transfer_id: string | null;
  reference: string | null;
  attempts: number;
  last_error: string | null;
  failure_reason: string | null;
  reversed_cents: number;
  as_of: Date;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  paid_at: Date | null;
  failed_at: Date | null;
}

export const payoutColumns = `id, affiliate_id, amount_cents, currency, provider, destination_account_id, state,
  provider_transfer_id, reference, attempts, last_error, failure_reason, reversed_cents, as_of, created_at,
  updated_at, sent_at, paid_at, failed_at`;

export function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    affiliateId: row.affiliate_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    provider: row.provider,
    destinationAccountId: row.destination_account_id,
    state: row.state,
    providerTransferId: row.provider_transfer_id,
    reference: row.reference,
    attempts: row.attempts,
    lastError: row.last_error,
    failureReason: row.failure_reason,
    reversedCents: Number(row.reversed_cents),
    asOf: row.as_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    paidAt: row.paid_at,
    failedAt: row.failed_at,
  };
}

export async function queryPayouts(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<Payout[]> {
  const rows = await db.query<PayoutRow>(sql, params);
  return rows.map(toPayout);
}

export async function loadPayout(db: Queryable, payoutId: string): Promise<Payout | null> {
  const [payout] = await queryPayouts(db, `SELECT ${payoutColumns} FROM payouts WHERE id = $1`, [payoutId]);
  return payout ?? null;
}

/** Locks the payout's row for the rest of the transaction; the caller holds the affiliate's ledger lock. */
export async function lockPayout(tx: Queryable, payoutId: string): Promise<Payout | null> {
  const [payout] = await queryPayouts(tx, `SELECT ${payoutColumns} FROM payouts WHERE id = $1 FOR UPDATE`, [
    payoutId,
  ]);
  return payout ?? null;
}

export async function loadPayouts(db: Queryable, payoutIds: readonly string[]): Promise<Payout[]> {
  return queryPayouts(db, `SELECT ${payoutColumns} FROM payouts WHERE id = ANY ($1::text[])`, [payoutIds]);
}

/** The Stripe payout a transfer belongs to: by the rail's transfer id, or by the payout id it carries. */
export async function findStripePayoutOfTransfer(
  db: Queryable,
  transfer: { transferId: string; payoutId: string },
): Promise<Payout | null> {
  const [payout] = await queryPayouts(
    db,
    `SELECT ${payoutColumns} FROM payouts
      WHERE provider = 'stripe' AND (provider_transfer_id = $1 OR id = $2) ORDER BY id LIMIT 1`,
    [transfer.transferId, transfer.payoutId],
  );
  return payout ?? null;
}

export interface PayoutPageQuery {
  affiliateId: string | null;
  state: PayoutState | null;
  /** The last payout of the previous page, or null for the first page. */
  before: { createdAt: Date; id: string } | null;
  rowsMax: number;
}

/** Payouts newest first, optionally of one affiliate or in one state, before the keyset `before`. */
export async function listPayoutsNewestFirst(db: Queryable, query: PayoutPageQuery): Promise<Payout[]> {
  return queryPayouts(
    db,
    `SELECT ${payoutColumns} FROM payouts
      WHERE ($1::text IS NULL OR affiliate_id = $1) AND ($2::text IS NULL OR state = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [
      query.affiliateId,
      query.state,
      query.before?.createdAt ?? null,
      query.before?.id ?? null,
      query.rowsMax,
    ],
  );
}

/**
 * Stripe payouts created or sending (not settled), oldest first, after the keyset `after`; the
 * payouts of a run awaiting approval (or cancelled) are not the rail's yet and are left out.
 */
export async function listUnsettledStripePayouts(
  db: Queryable,
  query: { after: { createdAt: Date; id: string } | null; rowsMax: number },
): Promise<Array<{ id: string; createdAt: Date }>> {
  const rows = await db.query<{ id: string; created_at: Date }>(
    `SELECT id, created_at FROM payouts
      WHERE provider = 'stripe' AND state IN ('created', 'sending') AND ${payoutReleasedToRailSql('payouts')}
        AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::text))
      ORDER BY created_at, id LIMIT $3`,
    [query.after?.createdAt ?? null, query.after?.id ?? null, query.rowsMax],
  );
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
}

export interface CsvPayoutInTransit {
  payoutId: string;
  affiliateId: string;
  email: string;
  name: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
}

/** CSV payouts in transit (of runs as of `asOfAtMost` or earlier; null: all) with their payee, oldest first. */
export async function listCsvPayoutsInTransit(
  db: Queryable,
  asOfAtMost: Date | null,
): Promise<CsvPayoutInTransit[]> {
  const rows = await db.query<{
    id: string;
    affiliate_id: string;
    email: string;
    name: string;
    amount_cents: number;
    currency: string;
    created_at: Date;
  }>(
    `SELECT p.id, p.affiliate_id, f.email, f.name, p.amount_cents, p.currency, p.created_at
       FROM payouts p JOIN affiliates f ON f.id = p.affiliate_id
      WHERE p.provider = 'csv' AND p.state = 'in_transit' AND ($1::timestamptz IS NULL OR p.as_of <= $1)
      ORDER BY p.created_at, p.id`,
    [asOfAtMost],
  );
  return rows.map((row) => ({
    payoutId: row.id,
    affiliateId: row.affiliate_id,
    email: row.email,
    name: row.name,
    amountCents: row.amount_cents,
    currency: row.currency,
    createdAt: row.created_at,
  }));
}

/** Inserts a new payout; false when the id exists already (a repeated run of the same as-of). */
export async function insertPayout(
  tx: Queryable,
  payout: Pick<
    Payout,
    'id' | 'affiliateId' | 'amountCents' | 'currency' | 'provider' | 'destinationAccountId' | 'asOf'
  > & { createdAt: Date; runId?: string | null },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO payouts (id, affiliate_id, amount_cents, currency, provider, destination_account_id, state,
                          as_of, created_at, updated_at, run_id)
     VALUES ($1, $2, $3, $4, $5, $6, 'created', $7, $8, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      payout.id,
      payout.affiliateId,
      payout.amountCents,
      payout.currency,
      payout.provider,
      payout.destinationAccountId,
      payout.asOf,
      payout.createdAt,
      payout.runId ?? null,
    ],
  );
  return rows.length > 0;
}

/**
 * Payouts whose state disagrees with their ledger transfers: every payout has `<id>:sent`; a paid
 * one has `<id>:paid` and no `:failed`; a failed one the reverse; an open one neither. Empty when
 * the current-state column and the ledger tell the same story.
 */
export async function payoutLedgerMismatches(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT p.id FROM payouts p
       LEFT JOIN ledger_transfers s ON s.id = p.id || ':sent'
       LEFT JOIN ledger_transfers d ON d.id = p.id || ':paid'
       LEFT JOIN ledger_transfers f ON f.id = p.id || ':failed'
      WHERE s.id IS NULL
         OR (p.state = 'paid') <> (d.id IS NOT NULL)
         OR (p.state = 'failed') <> (f.id IS NOT NULL)
      ORDER BY p.id`,
  );
  return rows.map((row) => row.id);
}

/** The payouts of one run, by affiliate; at most `rowsMax`. */
export async function listPayoutsOfRun(db: Queryable, runId: string, rowsMax: number): Promise<Payout[]> {
  return queryPayouts(
    db,
    `SELECT ${payoutColumns} FROM payouts WHERE run_id = $1 ORDER BY affiliate_id, id LIMIT $2`,
    [runId, rowsMax],
  );
}

/** The run's payouts still `created` (not handed to a rail yet), in id order. */
export async function listCreatedPayoutIdsOfRun(db: Queryable, runId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM payouts WHERE run_id = $1 AND state = 'created' ORDER BY id`,
    [runId],
  );
  return rows.map((row) => row.id);
}
