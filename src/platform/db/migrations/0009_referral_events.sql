-- The referral lifecycle as an append-only log: one row per transition, with its cause.
CREATE TABLE referral_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id),
  type text NOT NULL,
  cause text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (team_id, type)
);
