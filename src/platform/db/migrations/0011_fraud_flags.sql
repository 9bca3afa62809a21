CREATE TABLE fraud_flags (
  id text PRIMARY KEY,
  kind text NOT NULL,
  affiliate_id text REFERENCES affiliates (id),
  team_id text,
  details jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'confirmed')),
  created_at timestamptz NOT NULL
);
CREATE INDEX fraud_flags_status ON fraud_flags (status, created_at);
