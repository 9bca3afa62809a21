-- Dedupe and first-click attribution read only a visitor's counted clicks. A partial index keeps
-- that read to the few counted clicks, however many repeats one visitor sends.
DROP INDEX IF EXISTS clicks_visitor;
CREATE INDEX clicks_counted_visitor ON clicks (visitor_hash, link_id, occurred_at) WHERE counted;
