-- Who closed a flag, when, and what was decided (e.g. which agency a disputed domain went to).
ALTER TABLE fraud_flags ADD COLUMN resolved_at timestamptz;
ALTER TABLE fraud_flags ADD COLUMN resolved_by text;
ALTER TABLE fraud_flags ADD COLUMN resolution jsonb;
-- One open dispute per claimed domain and claimant: repeating the refused claim adds no flag.
CREATE UNIQUE INDEX fraud_flags_open_domain_dispute ON fraud_flags (affiliate_id, (details ->> 'domain'))
  WHERE kind = 'domain_dispute' AND status = 'open';
