-- The account each affiliate is paid into (Stripe Connect Express). One per affiliate; the
-- status is the rail's latest answer (account.updated webhooks, or a refresh on read), kept only
-- when it is newer than the one stored.
CREATE TABLE payout_accounts (
  affiliate_id text PRIMARY KEY REFERENCES affiliates (id),
  provider text NOT NULL CHECK (provider IN ('stripe')),
  account_id text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('onboarding', 'ready', 'restricted')),
  payouts_enabled boolean NOT NULL DEFAULT false,
  transfers_capability text NOT NULL DEFAULT 'unrequested',
  details_submitted boolean NOT NULL DEFAULT false,
  requirements_due jsonb NOT NULL DEFAULT '[]'::jsonb,
  status_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
