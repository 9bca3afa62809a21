-- The latest known state of each subscription. A state replaces the stored one only when its
-- version (event time, then status rank, then a tie-break) is greater, so the final row does
-- not depend on the order in which events arrived.
CREATE TABLE billing_subscriptions (
  id text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('stripe', 'api')),
  customer_id text,
  team_id text,
  status text NOT NULL,
  monthly_amount_cents bigint NOT NULL CHECK (monthly_amount_cents >= 0),
  currency text NOT NULL,
  started_at timestamptz,
  ended_at timestamptz,
  version_at timestamptz NOT NULL,
  version_rank integer NOT NULL,
  version_tiebreak text NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (customer_id IS NOT NULL OR team_id IS NOT NULL)
);
CREATE INDEX billing_subscriptions_customer ON billing_subscriptions (customer_id);
CREATE INDEX billing_subscriptions_team ON billing_subscriptions (team_id);
