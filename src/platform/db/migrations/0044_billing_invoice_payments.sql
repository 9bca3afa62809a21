-- Which invoice a payment paid: a payment intent (pi_…) or a charge (ch_…). Newer Stripe API
-- versions name the invoice of a refunded charge only through this mapping.
CREATE TABLE billing_invoice_payments (
  payment_ref text PRIMARY KEY,
  invoice_id text NOT NULL
);
CREATE INDEX billing_invoice_payments_invoice ON billing_invoice_payments (invoice_id);
