-- A project handed off to a client team, once: who did it and when, the configuration version the
-- client inherited, the agency's referral tag, and whether the hand-off attributed the team to the
-- agency (false when another partner already held it: `conflict_flag_id` names the review flag).
CREATE TABLE project_handoffs (
  project_id text PRIMARY KEY REFERENCES agency_projects (id),
  agency_id text NOT NULL REFERENCES affiliates (id),
  team_id text NOT NULL,
  handed_off_at timestamptz NOT NULL,
  attributed boolean NOT NULL,
  conflict_flag_id text REFERENCES fraud_flags (id),
  configuration_version integer NOT NULL,
  referral_tag text,
  handed_off_by_user_id text,
  handed_off_by_key_id text,
  handed_off_by_email text
);
CREATE INDEX project_handoffs_agency ON project_handoffs (agency_id, handed_off_at, project_id);
CREATE INDEX project_handoffs_team ON project_handoffs (team_id);
