CREATE TABLE affiliates (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  email_domain text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('developer', 'agency')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended')),
  created_at timestamptz NOT NULL
);
CREATE INDEX affiliates_email_domain ON affiliates (email_domain);
