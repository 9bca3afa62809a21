-- Applications to join arrive as pending affiliates; a program manager approves or rejects them.
ALTER TABLE affiliates DROP CONSTRAINT affiliates_status_check;
ALTER TABLE affiliates ADD CONSTRAINT affiliates_status_check
  CHECK (status IN ('pending', 'active', 'rejected', 'suspended'));
ALTER TABLE affiliates ADD COLUMN website text;
ALTER TABLE affiliates ADD COLUMN decided_at timestamptz;
