-- Billing customers (Stripe customer ids) and the team each bills. The first link wins and is
-- never removed; no foreign key to teams, because a billing event may name a team before its
-- signup arrives.
CREATE TABLE billing_customers (
  id text PRIMARY KEY,
  team_id text,
  linked_via text CHECK (linked_via IN ('api', 'customer_metadata', 'subscription_metadata')),
  linked_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((team_id IS NULL) = (linked_via IS NULL))
);
CREATE INDEX billing_customers_team ON billing_customers (team_id);
