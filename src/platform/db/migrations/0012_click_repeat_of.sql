-- A click that repeats a counted click (same visitor, link and tag within the dedupe window)
-- names it here, so a later click reached only through its cookie still finds the counted one
-- the window runs from. Null when the click counted itself.
ALTER TABLE clicks ADD COLUMN repeat_of_click_id text;
