-- Every funnel stage per affiliate, UTC month (its first day), link ('' for none) and content tag
-- ('' for none): the funnel's per-link and per-tag breakdowns read whole months from here and only
-- the days of a partial first or last month from the daily rollups. Kept by the same statements
-- that keep click_daily_rollups and referral_daily_rollups, so it always holds their sums.
CREATE TABLE funnel_monthly_rollups (
  affiliate_id text NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  link_id text NOT NULL DEFAULT '',
  tag text NOT NULL DEFAULT '',
  clicks bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  signups bigint NOT NULL DEFAULT 0 CHECK (signups >= 0),
  activated bigint NOT NULL DEFAULT 0 CHECK (activated >= 0),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
  sustained bigint NOT NULL DEFAULT 0 CHECK (sustained >= 0),
  PRIMARY KEY (affiliate_id, month, link_id, tag)
);

INSERT INTO funnel_monthly_rollups (affiliate_id, month, link_id, tag, clicks, signups, activated, paid, sustained)
SELECT affiliate_id, date_trunc('month', day)::date, link_id, tag, sum(clicks), sum(signups), sum(activated),
       sum(paid), sum(sustained)
  FROM (SELECT affiliate_id, day, link_id, tag, clicks, 0 AS signups, 0 AS activated, 0 AS paid, 0 AS sustained
          FROM click_daily_rollups
        UNION ALL
        SELECT affiliate_id, day, link_id, tag, 0, signups, activated, paid, sustained
          FROM referral_daily_rollups) AS stages
 GROUP BY 1, 2, 3, 4;
