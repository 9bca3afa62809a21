-- Every click writes each index of `clicks`, and the redirect's flush is the busiest writer of the
-- service. Nothing reads clicks by affiliate and time (the dashboards read the rollups), and a
-- link's click count now reads funnel_monthly_rollups, so these two indexes only cost writes.
-- What stays: the primary key (by id, cookies), the counted-visitor index (dedupe, attribution)
-- and the prior-click index (dedupe across processes).
DROP INDEX IF EXISTS clicks_link_time;
DROP INDEX IF EXISTS clicks_affiliate_time;
