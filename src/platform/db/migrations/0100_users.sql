-- People who sign in. The email is stored lower-cased, so uniqueness is case-insensitive.
-- Affiliate and agency roles name the affiliate the user acts for.
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  roles text[] NOT NULL CHECK (
    cardinality(roles) > 0
    AND roles <@ ARRAY['affiliate', 'agency_owner', 'agency_member', 'program_manager']::text[]
  ),
  affiliate_id text REFERENCES affiliates (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX users_affiliate ON users (affiliate_id);
