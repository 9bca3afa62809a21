-- One row per payout. The money is in the ledger (transfers <payout id>:sent|paid|failed|reversed:…);
-- `state` is the current state, moved only forward (checked by the trigger below) and always in
-- the same transaction as the ledger transfer that goes with it, so it can be checked against the
-- ledger. The id is deterministic (affiliate and as-of time): a repeated run cannot insert twice.
CREATE TABLE payouts (
  id text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  provider text NOT NULL CHECK (provider IN ('stripe', 'csv')),
  destination_account_id text,
  state text NOT NULL CHECK (state IN ('created', 'sending', 'in_transit', 'paid', 'failed')),
  provider_transfer_id text,
  reference text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  failure_reason text,
  reversed_cents bigint NOT NULL DEFAULT 0 CHECK (reversed_cents >= 0 AND reversed_cents <= amount_cents),
  as_of timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  paid_at timestamptz,
  failed_at timestamptz,
  CHECK ((provider = 'stripe') = (destination_account_id IS NOT NULL))
);
CREATE INDEX payouts_affiliate ON payouts (affiliate_id, created_at DESC, id DESC);
CREATE INDEX payouts_state ON payouts (state, created_at DESC, id DESC);
CREATE INDEX payouts_open ON payouts (provider, created_at, id) WHERE state IN ('created', 'sending', 'in_transit');

-- created → sending → paid | failed (Stripe); created → in_transit → paid | failed (CSV).
-- A state never goes back, and the money facts of a payout never change.
CREATE FUNCTION payouts_guard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.affiliate_id <> OLD.affiliate_id OR NEW.amount_cents <> OLD.amount_cents
     OR NEW.currency <> OLD.currency OR NEW.provider <> OLD.provider OR NEW.as_of <> OLD.as_of THEN
    RAISE EXCEPTION 'payout % facts are immutable', OLD.id USING ERRCODE = 'raise_exception';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'created' AND NEW.state IN ('sending', 'in_transit', 'paid', 'failed'))
    OR (OLD.state = 'sending' AND NEW.state IN ('paid', 'failed'))
    OR (OLD.state = 'in_transit' AND NEW.state IN ('paid', 'failed'))) THEN
    RAISE EXCEPTION 'payout % cannot go from % to %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER payouts_transition BEFORE UPDATE ON payouts
  FOR EACH ROW EXECUTE FUNCTION payouts_guard_transition();
CREATE TRIGGER payouts_no_delete BEFORE DELETE ON payouts
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
