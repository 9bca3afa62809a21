import type { Queryable } from '../../platform/db/database.js';
import type { PaidInvoiceFact, RefundFact, SubscriptionFact, TeamBillingFacts } from '../rules/billing.js';
import type { InvoicePaidUpdate, RefundUpdate, SubscriptionUpdate } from '../rules/stripe_events.js';

/**
 * Any fixed number. Billing writes are rare (webhooks, a few per second at most), so they take
 * one transaction-level lock: a fact and the link that makes it visible to a team can then
 * never be written by two transactions that miss each other's rows.
 */
const billingLockKey = 7_310_440;

export async function lockBilling(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [billingLockKey]);
}

export async function ensureCustomer(tx: Queryable, customerId: string, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO billing_customers (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
    [customerId, now],
  );
}

export async function customerTeam(tx: Queryable, customerId: string): Promise<string | null> {
  const rows = await tx.query<{ team_id: string | null }>(
    'SELECT team_id FROM billing_customers WHERE id = $1',
    [customerId],
  );
  return rows[0]?.team_id ?? null;
}

/**
 * Links a customer to a team unless it is linked already (the first link wins). Returns the
 * team the customer is linked to afterwards, which differs from `teamId` on a conflict.
 */
export async function linkCustomer(
  tx: Queryable,
  link: {
    customerId: string;
    teamId: string;
    via: 'api' | 'customer_metadata' | 'subscription_metadata';
    now: Date;
  },
): Promise<{ teamId: string; newlyLinked: boolean }> {
  await ensureCustomer(tx, link.customerId, link.now);
  const updated = await tx.query(
    `UPDATE billing_customers SET team_id = $2, linked_via = $3, linked_at = $4
      WHERE id = $1 AND team_id IS NULL RETURNING id`,
    [link.customerId, link.teamId, link.via, link.now],
  );
  if (updated.length > 0) return { teamId: link.teamId, newlyLinked: true };
  return { teamId: (await customerTeam(tx, link.customerId)) ?? link.teamId, newlyLinked: false };
}

/** Stores the state if it is newer than the stored one; returns whether it was stored. */
export async function storeSubscription(
  tx: Queryable,
  update: SubscriptionUpdate,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO billing_subscriptions (id, source, customer_id, team_id, status, monthly_amount_cents, currency,
        started_at, ended_at, version_at, version_rank, version_tiebreak, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET
       source = EXCLUDED.source, customer_id = EXCLUDED.customer_id, team_id = EXCLUDED.team_id,
       status = EXCLUDED.status, monthly_amount_cents = EXCLUDED.monthly_amount_cents,
       currency = EXCLUDED.currency, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
       version_at = EXCLUDED.version_at, version_rank = EXCLUDED.version_rank,
       version_tiebreak = EXCLUDED.version_tiebreak, updated_at = EXCLUDED.updated_at
     WHERE (billing_subscriptions.version_at, billing_subscriptions.version_rank, billing_subscriptions.version_tiebreak)
         < (EXCLUDED.version_at, EXCLUDED.version_rank, EXCLUDED.version_tiebreak)
     RETURNING id`,
    [
      update.subscriptionId,
      update.source,
      update.customerId,
      update.teamId,
      update.status,
      update.monthlyAmountCents,
      update.currency,
      update.startedAt,
      update.endedAt,
      update.version.at,
      update.version.rank,
      update.version.tiebreak,
      now,
    ],
  );
  return rows.length > 0;
}

export interface StoredInvoice {
  source: string;
  customerId: string | null;
  teamId: string | null;
  subscriptionId: string | null;
  amountPaidCents: number;
  currency: string;
  paidAt: Date;
}

export async function loadInvoice(tx: Queryable, invoiceId: string): Promise<StoredInvoice | null> {
  const rows = await tx.query<{
    source: string;
    customer_id: string | null;
    team_id: string | null;
    subscription_id: string | null;
    amount_paid_cents: number;
    currency: string;
    paid_at: Date;
  }>(
    `SELECT source, customer_id, team_id, subscription_id, amount_paid_cents, currency, paid_at
       FROM billing_invoices WHERE id = $1`,
    [invoiceId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    source: row.source,
    customerId: row.customer_id,
    teamId: row.team_id,
    subscriptionId: row.subscription_id,
    amountPaidCents: row.amount_paid_cents,
    currency: row.currency,
    paidAt: row.paid_at,
  };
}

/**
 * Stores a paid invoice once (paid invoices do not change), records which payments paid it,
 * and resolves refunds that were waiting for it. Returns whether the invoice was new and the
 * refunds it resolved.
 */
export async function storeInvoice(
  tx: Queryable,
  update: InvoicePaidUpdate,
  now: Date,
): Promise<{ inserted: boolean; resolvedRefundIds: string[] }> {
  const rows = await tx.query(
    `INSERT INTO billing_invoices (id, source, customer_id, team_id, subscription_id, amount_paid_cents, currency,
        paid_at, period_start, period_end, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      update.invoiceId,
      update.source,
      update.customerId,
      update.teamId,
      update.subscriptionId,
      update.amountPaidCents,
      update.currency,
      update.paidAt,
      update.periodStart,
      update.periodEnd,
      now,
    ],
  );
  for (const ref of update.paymentRefs) {
    await tx.query(
      'INSERT INTO billing_invoice_payments (payment_ref, invoice_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [ref, update.invoiceId],
    );
  }
  const resolved = await tx.query<{ id: string }>(
    `UPDATE billing_refunds SET invoice_id = p.invoice_id
       FROM billing_invoice_payments p
      WHERE billing_refunds.invoice_id IS NULL AND p.invoice_id = $1
        AND (p.payment_ref = billing_refunds.charge_id OR p.payment_ref = billing_refunds.payment_intent_id)
      RETURNING billing_refunds.id`,
    [update.invoiceId],
  );
  return { inserted: rows.length > 0, resolvedRefundIds: resolved.map((row) => row.id) };
}

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

/** The team an invoice bills: given directly, or through its customer's link. */
export async function invoiceTeam(tx: Queryable, invoiceId: string): Promise<string | null> {
  const rows = await tx.query<{ team_id: string | null }>(
    'SELECT team_id FROM team_billing_invoices WHERE id = $1',
    [invoiceId],
  );
  return rows[0]?.team_id ?? null;
}

export async function subscriptionTeam(tx: Queryable, subscriptionId: string): Promise<string | null> {
  const rows = await tx.query<{ team_id: string | null }>(
    'SELECT team_id FROM team_billing_subscriptions WHERE id = $1',
    [subscriptionId],
  );
  return rows[0]?.team_id ?? null;
}

const teamInvoicesSql = `
  SELECT i.id, i.subscription_id, i.amount_paid_cents, i.currency, i.paid_at
    FROM team_billing_invoices i WHERE i.team_id = $1`;

/** Everything stored about one team's billing, in a stable order. */
export async function loadTeamBillingFacts(tx: Queryable, teamId: string): Promise<TeamBillingFacts> {
  const invoiceRows = await tx.query<{
    id: string;
    subscription_id: string | null;
    amount_paid_cents: number;
    currency: string;
    paid_at: Date;
  }>(`${teamInvoicesSql} ORDER BY paid_at, id`, [teamId]);
  const subscriptionRows = await tx.query<{
    id: string;
    status: string;
    monthly_amount_cents: number;
    currency: string;
    ended_at: Date | null;
    version_at: Date;
    version_rank: number;
    version_tiebreak: string;
  }>(
    `SELECT s.id, s.status, s.monthly_amount_cents, s.currency, s.ended_at,
            s.version_at, s.version_rank, s.version_tiebreak
       FROM team_billing_subscriptions s WHERE s.team_id = $1
      ORDER BY s.id`,
    [teamId],
  );
  const refundRows = await tx.query<{
    id: string;
    invoice_id: string;
    amount_refunded_cents: number;
    currency: string;
    refunded_at: Date;
  }>(
    `SELECT r.id, r.invoice_id, r.amount_refunded_cents, r.currency, r.refunded_at
       FROM billing_refunds r JOIN (${teamInvoicesSql}) i ON i.id = r.invoice_id
      ORDER BY r.refunded_at, r.id`,
    [teamId],
  );
  const invoices: PaidInvoiceFact[] = invoiceRows.map((row) => ({
    invoiceId: row.id,
    subscriptionId: row.subscription_id,
    amountPaidCents: row.amount_paid_cents,
    currency: row.currency,
    paidAt: row.paid_at,
  }));
  const subscriptions: SubscriptionFact[] = subscriptionRows.map((row) => ({
    subscriptionId: row.id,
    status: row.status,
    monthlyAmountCents: row.monthly_amount_cents,
    currency: row.currency,
    endedAt: row.ended_at,
    version: { at: row.version_at, rank: row.version_rank, tiebreak: row.version_tiebreak },
  }));
  const refunds: RefundFact[] = refundRows.map((row) => ({
    refundId: row.id,
    invoiceId: row.invoice_id,
    amountRefundedCents: row.amount_refunded_cents,
    currency: row.currency,
    refundedAt: row.refunded_at,
  }));
  return { teamId, invoices, subscriptions, refunds };
}
