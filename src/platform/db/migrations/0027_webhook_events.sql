-- Transactional outbox: an event is written in the same transaction as the change it reports.
CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  type text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX webhook_events_affiliate ON webhook_events (affiliate_id, created_at);
