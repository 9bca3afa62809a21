-- The legs of each transfer. The database itself refuses, at commit, any transfer whose entries
-- do not sum to zero or that has fewer than two; rows are append-only; each insert adds to the
-- materialized balance of its (affiliate, account).
CREATE TABLE ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transfer_id text NOT NULL REFERENCES ledger_transfers (id),
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  account text NOT NULL CHECK (account IN (
    'pending', 'vested', 'eligible', 'available', 'in_transit', 'paid', 'owed', 'program_expense')),
  amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
  UNIQUE (transfer_id, account)
);
CREATE INDEX ledger_entries_affiliate_account ON ledger_entries (affiliate_id, account);

-- The entry's affiliate is always its transfer's: it is copied here, never trusted from the caller.
CREATE FUNCTION ledger_entries_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT affiliate_id INTO NEW.affiliate_id FROM ledger_transfers WHERE id = NEW.transfer_id;
  RETURN NEW;
END;
$$;

CREATE FUNCTION ledger_entries_add_to_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_account_balances (affiliate_id, account, balance_cents, entries)
  VALUES (NEW.affiliate_id, NEW.account, NEW.amount_cents, 1)
  ON CONFLICT (affiliate_id, account) DO UPDATE
    SET balance_cents = ledger_account_balances.balance_cents + EXCLUDED.balance_cents,
        entries = ledger_account_balances.entries + 1;
  RETURN NULL;
END;
$$;

CREATE FUNCTION ledger_check_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  checked_id text;
  entry_count bigint;
  sum_cents numeric;
BEGIN
  IF TG_TABLE_NAME = 'ledger_transfers' THEN
    checked_id := NEW.id;
  ELSE
    checked_id := NEW.transfer_id;
  END IF;
  SELECT count(*), coalesce(sum(amount_cents), 0) INTO entry_count, sum_cents
    FROM ledger_entries WHERE transfer_id = checked_id;
  IF entry_count < 2 OR sum_cents <> 0 THEN
    RAISE EXCEPTION 'ledger transfer % is unbalanced: % entries summing to %', checked_id, entry_count, sum_cents
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entries_fill_affiliate BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_fill();
CREATE TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_add_to_balance();
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_transfer_balanced();
CREATE CONSTRAINT TRIGGER ledger_transfers_balanced AFTER INSERT ON ledger_transfers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_transfer_balanced();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
