-- Reconciliation reads the paid and churned lifecycle events of every team in one pass, and the
-- caps check sums one month of revenue-share commissions by when they were earned.
CREATE INDEX referral_events_billing_stages ON referral_events (type, team_id, occurred_at)
  WHERE type IN ('paid', 'churned');
CREATE INDEX commissions_tier_earned ON commissions (tier, earned_at);
