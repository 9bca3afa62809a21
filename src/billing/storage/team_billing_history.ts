import type { Queryable } from '../../platform/db/database.js';

/** The paid invoices and refunds of several teams at once, as the what-if replay reads them. */
export interface TeamBillingHistory {
  invoices: Array<{ id: string; amountCents: number; paidAt: Date }>;
  refunds: Array<{ invoiceId: string; amountRefundedCents: number }>;
}

/** Each of `teamIds` with its paid invoices (payment order) and the refunds of those invoices. */
export async function loadBillingHistoryOfTeams(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, TeamBillingHistory>> {
  const invoices = await db.query<{ team_id: string; id: string; amount_paid_cents: number; paid_at: Date }>(
    `SELECT i.team_id, i.id, i.amount_paid_cents, i.paid_at FROM team_billing_invoices i
      WHERE i.team_id = ANY($1::text[]) ORDER BY i.team_id, i.paid_at, i.id`,
    [teamIds],
  );
  const refunds = await db.query<{ team_id: string; invoice_id: string; amount_refunded_cents: number }>(
    `SELECT i.team_id, r.invoice_id, r.amount_refunded_cents
       FROM billing_refunds r JOIN team_billing_invoices i ON i.id = r.invoice_id
      WHERE i.team_id = ANY($1::text[]) ORDER BY i.team_id, r.refunded_at, r.id`,
    [teamIds],
  );
  const byTeam = new Map<string, TeamBillingHistory>(
    teamIds.map((teamId) => [teamId, { invoices: [], refunds: [] }]),
  );
  for (const row of invoices) {
    byTeam.get(row.team_id)?.invoices.push({
      id: row.id,
      amountCents: Number(row.amount_paid_cents),
      paidAt: row.paid_at,
    });
  }
  for (const row of refunds) {
    byTeam.get(row.team_id)?.refunds.push({
      invoiceId: row.invoice_id,
      amountRefundedCents: Number(row.amount_refunded_cents),
    });
  }
  return byTeam;
}
