-- One row per money movement; the id is the idempotency key. Append-only: mistakes are
-- corrected by new transfers, never by editing old ones.
CREATE TABLE ledger_transfers (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN (
    'commission_created', 'commission_vested', 'commission_eligible', 'commission_released',
    'commission_reversed', 'payout_sent', 'payout_paid', 'payout_failed')),
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  commission_id text REFERENCES commissions (id),
  created_at timestamptz NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ledger_transfers_affiliate ON ledger_transfers (affiliate_id, created_at);
CREATE INDEX ledger_transfers_commission ON ledger_transfers (commission_id) WHERE commission_id IS NOT NULL;
CREATE INDEX ledger_transfers_eligible ON ledger_transfers (created_at) WHERE kind = 'commission_eligible';

CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
