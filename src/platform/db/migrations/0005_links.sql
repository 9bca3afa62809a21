CREATE TABLE links (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  destination text NOT NULL,
  tag text,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE INDEX links_affiliate ON links (affiliate_id);
