-- Money anomalies a person must settle: the rail says money moved for a payout this service had
-- already marked failed (its amount back in available). While one is open for an affiliate, no
-- new payout is made for it, so the same money cannot be paid twice. A row is never deleted;
-- resolving it records who, when and why.
CREATE TABLE operator_exceptions (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('transfer_for_failed_payout', 'reversal_of_failed_payout')),
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  payout_id text NOT NULL REFERENCES payouts (id),
  transfer_id text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  detail text NOT NULL,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolution text,
  CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
  UNIQUE (kind, payout_id, transfer_id)
);
CREATE INDEX operator_exceptions_open ON operator_exceptions (affiliate_id) WHERE resolved_at IS NULL;
CREATE INDEX operator_exceptions_listed ON operator_exceptions (created_at DESC, id DESC);
