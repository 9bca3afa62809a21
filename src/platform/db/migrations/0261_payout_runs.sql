-- One row per payout run (one per as-of time). A run that needs approval creates its payouts (their
-- money already moved available → in_transit) and waits in `awaiting_approval`; no rail is called
-- for them until it is approved. `approved` = the approval is recorded and sending started; `sent`
-- = every payout of the run was handed to its rail; `cancelled` = refused, its payouts failed and
-- their money returned to available. Totals are read from the run's payouts, never stored twice.
CREATE TABLE payout_runs (
  id text PRIMARY KEY,
  as_of timestamptz NOT NULL UNIQUE,
  provider text NOT NULL CHECK (provider IN ('stripe', 'csv')),
  state text NOT NULL CHECK (state IN ('awaiting_approval', 'approved', 'sent', 'cancelled')),
  approval_required boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  approved_by text,
  approved_at timestamptz,
  sent_at timestamptz,
  cancelled_by text,
  cancelled_at timestamptz,
  note text
);
CREATE INDEX payout_runs_newest ON payout_runs (as_of DESC, id DESC);
CREATE INDEX payout_runs_waiting ON payout_runs (id) WHERE state IN ('awaiting_approval', 'cancelled');

-- awaiting_approval → approved | cancelled; approved → sent. Never back.
CREATE FUNCTION payout_runs_guard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.as_of <> OLD.as_of OR NEW.provider <> OLD.provider
     OR NEW.approval_required <> OLD.approval_required THEN
    RAISE EXCEPTION 'payout run % facts are immutable', OLD.id USING ERRCODE = 'raise_exception';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'awaiting_approval' AND NEW.state IN ('approved', 'cancelled'))
    OR (OLD.state = 'approved' AND NEW.state = 'sent')) THEN
    RAISE EXCEPTION 'payout run % cannot go from % to %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER payout_runs_transition BEFORE UPDATE ON payout_runs
  FOR EACH ROW EXECUTE FUNCTION payout_runs_guard_transition();
CREATE TRIGGER payout_runs_no_delete BEFORE DELETE ON payout_runs
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Payouts made before runs were recorded have none.
ALTER TABLE payouts ADD COLUMN run_id text REFERENCES payout_runs (id);
CREATE INDEX payouts_run ON payouts (run_id, id);
