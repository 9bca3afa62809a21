-- Counted clicks per affiliate, UTC day, link and content tag ('' when the click had no tag),
-- kept by the click flush in the same transaction as the click insert, so the dashboard's funnel
-- reads a few rows per day instead of scanning clicks.
CREATE TABLE click_daily_rollups (
  affiliate_id text NOT NULL,
  day date NOT NULL,
  link_id text NOT NULL,
  tag text NOT NULL DEFAULT '',
  clicks bigint NOT NULL CHECK (clicks >= 0),
  PRIMARY KEY (affiliate_id, day, link_id, tag)
);

INSERT INTO click_daily_rollups (affiliate_id, day, link_id, tag, clicks)
SELECT affiliate_id, (occurred_at AT TIME ZONE 'UTC')::date, link_id, coalesce(tag, ''), count(*)
  FROM clicks WHERE counted
 GROUP BY 1, 2, 3, 4;
