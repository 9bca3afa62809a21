-- The team each invoice and subscription bills: named on the row itself (plain billing API), or
-- found through its customer's link, which may arrive later. Rows whose team is not known yet are
-- left out. Two branches rather than COALESCE over a join, so a lookup by team reaches the team
-- index of both tables; `team_id` is the team billed, whichever way it was found.
CREATE VIEW team_billing_invoices AS
  SELECT i.id, i.source, i.customer_id, i.team_id, i.subscription_id, i.amount_paid_cents,
         i.currency, i.paid_at, i.period_start, i.period_end, i.recorded_at
    FROM billing_invoices i
   WHERE i.team_id IS NOT NULL
  UNION ALL
  SELECT i.id, i.source, i.customer_id, c.team_id, i.subscription_id, i.amount_paid_cents,
         i.currency, i.paid_at, i.period_start, i.period_end, i.recorded_at
    FROM billing_invoices i JOIN billing_customers c ON c.id = i.customer_id
   WHERE i.team_id IS NULL AND c.team_id IS NOT NULL;

CREATE VIEW team_billing_subscriptions AS
  SELECT s.id, s.source, s.customer_id, s.team_id, s.status, s.monthly_amount_cents, s.currency,
         s.started_at, s.ended_at, s.version_at, s.version_rank, s.version_tiebreak, s.updated_at
    FROM billing_subscriptions s
   WHERE s.team_id IS NOT NULL
  UNION ALL
  SELECT s.id, s.source, s.customer_id, c.team_id, s.status, s.monthly_amount_cents, s.currency,
         s.started_at, s.ended_at, s.version_at, s.version_rank, s.version_tiebreak, s.updated_at
    FROM billing_subscriptions s JOIN billing_customers c ON c.id = s.customer_id
   WHERE s.team_id IS NULL AND c.team_id IS NOT NULL;
