-- Clicks are the hottest insert path (every redirect). Their link and affiliate come from a link
-- row the redirect just read and links are never deleted, so per-row foreign key checks only cost
-- time: they are dropped here.
ALTER TABLE clicks DROP CONSTRAINT IF EXISTS clicks_link_id_fkey;
ALTER TABLE clicks DROP CONSTRAINT IF EXISTS clicks_affiliate_id_fkey;
