-- Every configuration a project ever had, one row per version, append-only: a rollback is a new
-- version equal to an old one. The author is a signed-in user (id and email) or an API key (id).
CREATE TABLE project_configuration_versions (
  project_id text NOT NULL REFERENCES agency_projects (id),
  version integer NOT NULL CHECK (version >= 1),
  configuration jsonb NOT NULL,
  author_user_id text,
  author_key_id text,
  author_email text,
  message text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, version)
);

CREATE FUNCTION project_configuration_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'project_configuration_versions is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER project_configuration_versions_append_only BEFORE UPDATE OR DELETE
  ON project_configuration_versions
  FOR EACH ROW EXECUTE FUNCTION project_configuration_versions_refuse_change();
