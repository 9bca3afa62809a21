-- The sweep's billing catch-up looks at recent signups only (teams whose billing arrived first).
CREATE INDEX teams_created_at ON teams (created_at);
