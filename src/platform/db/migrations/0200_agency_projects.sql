-- An agency's client project. Its configuration is the version `current_version` of
-- project_configuration_versions; `updated_at` is when that version was written.
CREATE TABLE agency_projects (
  id text PRIMARY KEY,
  agency_id text NOT NULL REFERENCES affiliates (id),
  name text NOT NULL,
  client_domain text,
  current_version integer NOT NULL CHECK (current_version >= 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX agency_projects_agency ON agency_projects (agency_id, created_at, id);
