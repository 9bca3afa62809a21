-- How far back usage event ids have been forgotten. Ingestion rejects events older than this as
-- late, so widening the dedupe window later can never let a pruned id count a second time.
CREATE TABLE usage_prune_horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  pruned_before timestamptz NOT NULL
);

-- The activation sweep reads only teams still waiting to activate.
CREATE INDEX teams_signed_up ON teams (id) WHERE status = 'signed_up';
