-- Partners' own endpoints for outgoing events. The secret signs deliveries, so it is kept as is.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  url text NOT NULL,
  secret text NOT NULL,
  event_types text[] NOT NULL,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE INDEX webhook_endpoints_affiliate ON webhook_endpoints (affiliate_id);
