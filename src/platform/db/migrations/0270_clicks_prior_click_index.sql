-- Click dedupe across processes: a batch looks up the stored clicks whose cookie named one of its
-- own clicks (written first by another process). Only clicks that carried a cookie are indexed.
CREATE INDEX clicks_prior_click ON clicks (prior_click_id) WHERE prior_click_id IS NOT NULL;
