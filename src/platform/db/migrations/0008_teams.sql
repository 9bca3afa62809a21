-- Every team the EmDash backend reported a signup for. A team with a null affiliate_id was not
-- referred; status is the cached fold of its referral_events (must equal a replay of them).
CREATE TABLE teams (
  id text PRIMARY KEY,
  email text NOT NULL,
  email_domain text NOT NULL,
  affiliate_id text REFERENCES affiliates (id),
  link_id text REFERENCES links (id),
  click_id text,
  tag text,
  source text CHECK (source IN ('direct_link', 'agency', 'content')),
  rule text CHECK (rule IN ('agency_domain', 'click', 'email_domain')),
  status text NOT NULL,
  members integer NOT NULL DEFAULT 1,
  evidence jsonb NOT NULL,
  signed_up_at timestamptz NOT NULL,
  activated_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((affiliate_id IS NULL) = (rule IS NULL) OR status = 'rejected')
);
CREATE INDEX teams_affiliate ON teams (affiliate_id);
CREATE INDEX teams_link ON teams (link_id);
CREATE INDEX teams_domain_attributed ON teams (email_domain, signed_up_at) WHERE rule IS NOT NULL;
