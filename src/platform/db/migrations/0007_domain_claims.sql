-- An agency's claim on a client's email domain: signups from it are the agency's, permanently.
CREATE TABLE domain_claims (
  domain text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX domain_claims_affiliate ON domain_claims (affiliate_id);
