-- One row per non-bot click. `counted` is false for a repeat by the same visitor on the same
-- link and tag within the dedupe window; such a click still carries a valid click id.
CREATE TABLE clicks (
  id text PRIMARY KEY,
  link_id text NOT NULL REFERENCES links (id),
  affiliate_id text NOT NULL REFERENCES affiliates (id),
  tag text,
  visitor_hash text NOT NULL,
  prior_click_id text,
  counted boolean NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX clicks_link_time ON clicks (link_id, occurred_at);
CREATE INDEX clicks_affiliate_time ON clicks (affiliate_id, occurred_at);
CREATE INDEX clicks_visitor ON clicks (visitor_hash, link_id, occurred_at);
