-- Every funnel stage per affiliate and UTC day, all links and tags together: the funnel's series
-- reads one row a day from here instead of one per link and tag from the two daily rollups. Kept
-- by the same statements that keep click_daily_rollups and referral_daily_rollups, so it always
-- holds their sums.
CREATE TABLE funnel_daily_totals (
  affiliate_id text NOT NULL,
  day date NOT NULL,
  clicks bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  signups bigint NOT NULL DEFAULT 0 CHECK (signups >= 0),
  activated bigint NOT NULL DEFAULT 0 CHECK (activated >= 0),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
  sustained bigint NOT NULL DEFAULT 0 CHECK (sustained >= 0),
  PRIMARY KEY (affiliate_id, day)
);

INSERT INTO funnel_daily_totals (affiliate_id, day, clicks, signups, activated, paid, sustained)
SELECT affiliate_id, day, sum(clicks), sum(signups), sum(activated), sum(paid), sum(sustained)
  FROM (SELECT affiliate_id, day, clicks, 0 AS signups, 0 AS activated, 0 AS paid, 0 AS sustained
          FROM click_daily_rollups
        UNION ALL
        SELECT affiliate_id, day, 0, signups, activated, paid, sustained FROM referral_daily_rollups) AS stages
 GROUP BY affiliate_id, day;
