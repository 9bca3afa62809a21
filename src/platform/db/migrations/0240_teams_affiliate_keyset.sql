-- The what-if replay reads attributed teams one affiliate after another, in keyset pages of
-- (affiliate_id, id), so that each page starts where the last ended without an offset.
CREATE INDEX teams_affiliate_team ON teams (affiliate_id, id) WHERE affiliate_id IS NOT NULL;
