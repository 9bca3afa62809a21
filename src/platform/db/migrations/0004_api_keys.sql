-- API keys are stored only as SHA-256 hashes; the key itself is shown once at creation.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('admin', 'track', 'affiliate')),
  affiliate_id text REFERENCES affiliates (id),
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK ((scope = 'affiliate') = (affiliate_id IS NOT NULL))
);
