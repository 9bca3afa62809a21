-- A team can also be attributed by an agency's hand-off of a project to it (rule agency_handoff).
ALTER TABLE teams DROP CONSTRAINT teams_rule_check;
ALTER TABLE teams ADD CONSTRAINT teams_rule_check
  CHECK (rule IN ('agency_domain', 'click', 'email_domain', 'agency_handoff'));
