import type { Queryable } from '../../platform/db/database.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import type { RefundUpdate } from '../rules/stripe_events.js';

/**
 * Stores a refund; the amount only grows (a Stripe charge reports its cumulative refunded
 * amount) and a known invoice is never forgotten, so any delivery order ends the same. Resolves
 * the invoice through the payments it knows when the refund does not name it.
 */
export async function storeRefund(
  tx: Queryable,
  update: RefundUpdate,
  now: Date,
): Promise<{ invoiceId: string | null }> {
  let invoiceId = update.invoiceId;
  if (invoiceId === null) {
    const refs = [update.chargeId, update.paymentIntentId].filter((ref): ref is string => ref !== null);
    const found = await tx.query<{ invoice_id: string }>(
      'SELECT invoice_id FROM billing_invoice_payments WHERE payment_ref = ANY($1) ORDER BY invoice_id LIMIT 1',
      [refs],
    );
    invoiceId = found[0]?.invoice_id ?? null;
  }
  const rows = await tx.query<{ invoice_id: string | null }>(
    `INSERT INTO billing_refunds (id, source, invoice_id, charge_id, payment_intent_id, customer_id,
        amount_refunded_cents, currency, refunded_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET
       invoice_id = COALESCE(billing_refunds.invoice_id, EXCLUDED.invoice_id),
       payment_intent_id = COALESCE(billing_refunds.payment_intent_id, EXCLUDED.payment_intent_id),
       customer_id = COALESCE(billing_refunds.customer_id, EXCLUDED.customer_id),
       amount_refunded_cents = GREATEST(billing_refunds.amount_refunded_cents, EXCLUDED.amount_refunded_cents),
       refunded_at = GREATEST(billing_refunds.refunded_at, EXCLUDED.refunded_at)
     RETURNING invoice_id`,
    [
      update.refundId,
      update.source,
      invoiceId,
      update.chargeId,
      update.paymentIntentId,
      update.customerId,
      update.amountRefundedCents,
      update.currency,
      update.refundedAt,
      now,
    ],
  );
  return { invoiceId: rows[0]?.invoice_id ?? null };
}

export interface StoredRefund {
  invoiceId: string | null;
  amountRefundedCents: number;
  currency: string;
  refundedAt: Date;
}

export async function loadRefund(tx: Queryable, refundId: string): Promise<StoredRefund | null> {
  const rows = await tx.query<{
    invoice_id: string | null;
    amount_refunded_cents: number;
    currency: string;
    refunded_at: Date;
  }>('SELECT invoice_id, amount_refunded_cents, currency, refunded_at FROM billing_refunds WHERE id = $1', [
    refundId,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    invoiceId: row.invoice_id,
    amountRefundedCents: row.amount_refunded_cents,
    currency: row.currency,
    refundedAt: row.refunded_at,
  };
}

/** What the refunds of an invoice add up to so far. */
export async function refundedCentsOfInvoice(tx: Queryable, invoiceId: string): Promise<number> {
  const [refunded] = await tx.query<{ cents: number }>(
    'SELECT COALESCE(sum(amount_refunded_cents), 0)::int8 AS cents FROM billing_refunds WHERE invoice_id = $1',
    [invoiceId],
  );
  return refunded?.cents ?? 0;
}

/**
 * Refunded cents of referred teams' invoices per period, by the refund's time (a Stripe charge's
 * refunds are one row, at its latest refund). `boundaries`: n + 1 instants for n periods.
 */
export async function sumReferredRefundCentsByPeriod(
  db: Queryable,
  boundaries: readonly Date[],
): Promise<{ periodIndex: number; cents: number }[]> {
  if (boundaries.length < 2) return [];
  const rows = await db.query<{ bucket: number; cents: number }>(
    `SELECT width_bucket(r.refunded_at, $1::timestamptz[])::int4 AS bucket,
            sum(r.amount_refunded_cents)::int8 AS cents
       FROM billing_refunds r
       JOIN team_billing_invoices i ON i.id = r.invoice_id
       JOIN teams t ON t.id = i.team_id AND ${referredTeamSql('t', '$4')}
      WHERE r.refunded_at >= $2 AND r.refunded_at < $3
      GROUP BY 1`,
    [boundaries, boundaries[0], boundaries[boundaries.length - 1], unreferredStatuses],
  );
  return rows.map((row) => ({ periodIndex: row.bucket - 1, cents: Number(row.cents) }));
}
