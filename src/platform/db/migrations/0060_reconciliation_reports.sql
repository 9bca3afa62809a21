-- One report per reconciled calendar month, written once when the run completes: a second run of
-- the same month returns it and changes nothing. The counted columns mirror the report for lists.
CREATE TABLE reconciliation_reports (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  as_of timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  teams_checked bigint NOT NULL CHECK (teams_checked >= 0),
  mismatches bigint NOT NULL CHECK (mismatches >= 0),
  reversals bigint NOT NULL CHECK (reversals >= 0),
  reversed_cents bigint NOT NULL CHECK (reversed_cents >= 0),
  bonuses bigint NOT NULL CHECK (bonuses >= 0),
  bonus_cents bigint NOT NULL CHECK (bonus_cents >= 0),
  cap_hits bigint NOT NULL CHECK (cap_hits >= 0),
  report jsonb NOT NULL
);
