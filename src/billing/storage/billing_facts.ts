import type { Queryable } from '../../platform/db/database.js';
import type { PaidInvoiceFact, RefundFact, SubscriptionFact, TeamBillingFacts } from '../rules/billing.js';

/* A team's billing facts, read through the views that resolve each invoice and subscription to its team. */

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
