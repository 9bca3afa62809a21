-- Paid invoices. Immutable once stored. The team is either given directly (plain billing API)
-- or found through the customer's link, which may arrive later.
CREATE TABLE billing_invoices (
  id text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('stripe', 'api')),
  customer_id text,
  team_id text,
  subscription_id text,
  amount_paid_cents bigint NOT NULL CHECK (amount_paid_cents >= 0),
  currency text NOT NULL,
  paid_at timestamptz NOT NULL,
  period_start timestamptz,
  period_end timestamptz,
  recorded_at timestamptz NOT NULL,
  CHECK (customer_id IS NOT NULL OR team_id IS NOT NULL)
);
CREATE INDEX billing_invoices_customer ON billing_invoices (customer_id);
CREATE INDEX billing_invoices_team ON billing_invoices (team_id);
