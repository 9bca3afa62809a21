-- Commissions: the immutable facts of each grant. The id is deterministic (`tier1:<teamId>`,
-- `tier3:<invoiceId>` …) so a grant happens once. State is not stored here: it is the fold of the
-- ledger transfers carrying the commission's id. Rows are append-only (see the trigger below).
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'raise_exception';
END;
$$;

CREATE TABLE commissions (
  id text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  team_id text NOT NULL REFERENCES teams (id),
  tier text NOT NULL CHECK (tier IN ('tier1', 'tier2', 'tier3', 'tier4', 'content')),
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  capped_cents bigint NOT NULL DEFAULT 0 CHECK (capped_cents >= 0),
  rate_basis_points integer CHECK (rate_basis_points BETWEEN 0 AND 10000),
  invoice_id text,
  invoice_amount_cents bigint CHECK (invoice_amount_cents >= 0),
  cause text NOT NULL,
  earned_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((tier IN ('tier1', 'tier2')) = (invoice_id IS NULL)),
  CHECK ((invoice_id IS NULL) = (invoice_amount_cents IS NULL))
);
CREATE INDEX commissions_affiliate_created ON commissions (affiliate_id, created_at, id);
CREATE INDEX commissions_affiliate_tier_earned ON commissions (affiliate_id, tier, earned_at);
CREATE INDEX commissions_team ON commissions (team_id);

CREATE TRIGGER commissions_append_only BEFORE UPDATE OR DELETE ON commissions
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER commissions_no_truncate BEFORE TRUNCATE ON commissions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
