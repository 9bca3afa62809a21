-- Versioned program settings: a version applies from effective_from on; history is never rewritten.
CREATE TABLE program_settings (
  version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  effective_from timestamptz NOT NULL,
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX program_settings_effective_from ON program_settings (effective_from, version);
