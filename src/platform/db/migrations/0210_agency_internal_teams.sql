-- An agency's own teams: their usage is free and never earns anyone a commission.
CREATE TABLE agency_internal_teams (
  team_id text PRIMARY KEY,
  agency_id text NOT NULL REFERENCES affiliates (id),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX agency_internal_teams_agency ON agency_internal_teams (agency_id, created_at);
