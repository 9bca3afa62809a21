-- Secrets generated once per installation (e.g. the salt for hashing visitor IPs).
CREATE TABLE instance_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
