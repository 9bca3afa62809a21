-- A user removed from its agency keeps its row (sessions and links refer to it) but acts no more.
ALTER TABLE users ADD COLUMN removed_at timestamptz;
