-- Every Stripe event received, stored once by its id: a second delivery of the same id is
-- acknowledged and ignored. `outcome` says whether the event changed billing facts.
CREATE TABLE billing_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  api_version text,
  event_created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
  detail text,
  payload jsonb NOT NULL
);
CREATE INDEX billing_events_received ON billing_events (received_at);
