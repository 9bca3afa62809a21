-- Funnel stages reached per affiliate, UTC day, link ('' for a referral without one: domain or
-- agency rules) and content tag ('' for none). A stage counts on the day it happened. Kept by the
-- lifecycle append in the same transaction as the referral event, for attributed teams only.
CREATE TABLE referral_daily_rollups (
  affiliate_id text NOT NULL,
  day date NOT NULL,
  link_id text NOT NULL DEFAULT '',
  tag text NOT NULL DEFAULT '',
  signups bigint NOT NULL DEFAULT 0 CHECK (signups >= 0),
  activated bigint NOT NULL DEFAULT 0 CHECK (activated >= 0),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
  sustained bigint NOT NULL DEFAULT 0 CHECK (sustained >= 0),
  PRIMARY KEY (affiliate_id, day, link_id, tag)
);

INSERT INTO referral_daily_rollups (affiliate_id, day, link_id, tag, signups, activated, paid, sustained)
SELECT t.affiliate_id, (e.occurred_at AT TIME ZONE 'UTC')::date, coalesce(t.link_id, ''), coalesce(t.tag, ''),
       count(*) FILTER (WHERE e.type = 'signed_up'), count(*) FILTER (WHERE e.type = 'activated'),
       count(*) FILTER (WHERE e.type = 'paid'), count(*) FILTER (WHERE e.type = 'sustained')
  FROM referral_events e JOIN teams t ON t.id = e.team_id
 WHERE t.affiliate_id IS NOT NULL AND t.rule IS NOT NULL
   AND e.type IN ('signed_up', 'activated', 'paid', 'sustained')
 GROUP BY 1, 2, 3, 4;

-- The affiliate's referral list, newest signup first.
CREATE INDEX teams_affiliate_signed_up ON teams (affiliate_id, signed_up_at DESC, id DESC)
  WHERE affiliate_id IS NOT NULL;
-- The affiliate's link list, newest first.
CREATE INDEX links_affiliate_created ON links (affiliate_id, created_at DESC, id DESC);
