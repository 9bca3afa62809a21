-- Usage of referred teams: event ids (deduped for the dedupe window) and per-day totals.
CREATE TABLE usage_events (
  id text PRIMARY KEY,
  team_id text NOT NULL,
  api_calls integer NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX usage_events_occurred ON usage_events (occurred_at);

CREATE TABLE team_usage_days (
  team_id text NOT NULL REFERENCES teams (id),
  day date NOT NULL,
  api_calls bigint NOT NULL,
  PRIMARY KEY (team_id, day)
);

CREATE TABLE team_member_counts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id),
  members integer NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX team_member_counts_team ON team_member_counts (team_id, occurred_at);
