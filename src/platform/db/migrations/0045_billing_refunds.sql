-- Refunds. For Stripe the id is the charge id and the amount is the charge's cumulative
-- amount_refunded (only ever grows); for the plain API it is the caller's refund id. A refund
-- whose invoice is not yet known keeps invoice_id null until the invoice arrives.
CREATE TABLE billing_refunds (
  id text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('stripe', 'api')),
  invoice_id text,
  charge_id text,
  payment_intent_id text,
  customer_id text,
  amount_refunded_cents bigint NOT NULL CHECK (amount_refunded_cents >= 0),
  currency text NOT NULL,
  refunded_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX billing_refunds_invoice ON billing_refunds (invoice_id);
CREATE INDEX billing_refunds_unresolved ON billing_refunds (payment_intent_id) WHERE invoice_id IS NULL;
