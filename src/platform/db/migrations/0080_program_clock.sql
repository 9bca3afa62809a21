-- The simulated program clock (SPEC §12 "Simulated time"), one row shared by every process on this
-- database. EMDASH_SIMULATED_CLOCK only seeds it; it then moves only forward.
CREATE TABLE program_clock (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  now_at timestamptz NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now()
);
