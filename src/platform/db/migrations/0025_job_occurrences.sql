-- One row per scheduled occurrence of a job: inserting it is how a worker claims the occurrence,
-- so any number of workers run each occurrence once.
CREATE TABLE job_occurrences (
  job text NOT NULL,
  scheduled_for timestamptz NOT NULL,
  claimed_at timestamptz NOT NULL,
  finished_at timestamptz,
  result jsonb,
  error text,
  PRIMARY KEY (job, scheduled_for)
);
