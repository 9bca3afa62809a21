-- The balance of every (affiliate, account), maintained by the ledger_entries trigger in the
-- same transaction as the entries. Only that trigger may write it (a direct INSERT, UPDATE or
-- DELETE is refused), and /v1/admin/ledger/verify checks it against the sum of the entries.
CREATE TABLE ledger_account_balances (
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  account text NOT NULL,
  balance_cents bigint NOT NULL,
  entries bigint NOT NULL,
  PRIMARY KEY (affiliate_id, account)
);

CREATE FUNCTION ledger_account_balances_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger_account_balances changes only by posting ledger entries: % refused', TG_OP
      USING ERRCODE = 'raise_exception';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_account_balances_guarded BEFORE INSERT OR UPDATE OR DELETE ON ledger_account_balances
  FOR EACH ROW EXECUTE FUNCTION ledger_account_balances_guard();
CREATE TRIGGER ledger_account_balances_no_truncate BEFORE TRUNCATE ON ledger_account_balances
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
