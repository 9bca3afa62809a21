-- Every decision a reviewer took on a fraud flag, append-only: a `hold` keeps the flag open (and the
-- team's commissions held) with a note; `release` dismisses it; `reverse` confirms it. The flag's
-- status says where it ended; this table says who decided what, when, and why.
CREATE TABLE fraud_flag_decisions (
  id text PRIMARY KEY,
  -- The order decisions were recorded in (several can share a time).
  position bigint GENERATED ALWAYS AS IDENTITY,
  flag_id text NOT NULL REFERENCES fraud_flags (id),
  decision text NOT NULL CHECK (decision IN ('hold', 'release', 'reverse')),
  note text,
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX fraud_flag_decisions_flag ON fraud_flag_decisions (flag_id, position);
-- At most one closing decision per flag, whatever races.
CREATE UNIQUE INDEX fraud_flag_decisions_one_close ON fraud_flag_decisions (flag_id)
  WHERE decision IN ('release', 'reverse');
-- The hold reads open flags by team on every release sweep.
CREATE INDEX fraud_flags_open_team ON fraud_flags (team_id) WHERE status = 'open';
