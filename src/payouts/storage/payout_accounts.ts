import type { Queryable } from '../../platform/db/database.js';
import type { PayoutAccountStatus } from '../rules/payouts.js';

export interface PayoutAccount {
  affiliateId: string;
  provider: 'stripe';
  accountId: string;
  status: PayoutAccountStatus;
  payoutsEnabled: boolean;
  transfersCapability: string;
  detailsSubmitted: boolean;
  requirementsDue: string[];
  statusAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface PayoutAccountRow {
  affiliate_id: string;
  provider: 'stripe';
  account_id: string;
  status: PayoutAccountStatus;
  payouts_enabled: boolean;
  transfers_capability: string;
  details_submitted: boolean;
  requirements_due: string[];
  status_at: Date;
  created_at: Date;
  updated_at: Date;
}

function toPayoutAccount(row: PayoutAccountRow): PayoutAccount {
  return {
    affiliateId: row.affiliate_id,
    provider: row.provider,
    accountId: row.account_id,
    status: row.status,
    payoutsEnabled: row.payouts_enabled,
    transfersCapability: row.transfers_capability,
    detailsSubmitted: row.details_submitted,
    requirementsDue: row.requirements_due,
    statusAt: row.status_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function loadPayoutAccount(db: Queryable, affiliateId: string): Promise<PayoutAccount | null> {
  const rows = await db.query<PayoutAccountRow>('SELECT * FROM payout_accounts WHERE affiliate_id = $1', [
    affiliateId,
  ]);
  return rows[0] ? toPayoutAccount(rows[0]) : null;
}

/** Stores the account the rail created; an existing row is kept (the rail's id is idempotent too). */
export async function ensurePayoutAccount(
  db: Queryable,
  input: { affiliateId: string; accountId: string; now: Date },
): Promise<PayoutAccount> {
  await db.query(
    `INSERT INTO payout_accounts (affiliate_id, provider, account_id, status, status_at, created_at, updated_at)
     VALUES ($1, 'stripe', $2, 'onboarding', $3, $3, $3) ON CONFLICT (affiliate_id) DO NOTHING`,
    [input.affiliateId, input.accountId, input.now],
  );
  return (await loadPayoutAccount(db, input.affiliateId))!;
}

export interface AccountStatusUpdate {
  accountId: string;
  status: PayoutAccountStatus;
  payoutsEnabled: boolean;
  transfersCapability: string;
  detailsSubmitted: boolean;
  requirementsDue: string[];
  /** When the rail reported it; an older report than the stored one changes nothing. */
  statusAt: Date;
}

/** Applies a status report to the account it names; returns false for an unknown or stale report. */
export async function updatePayoutAccountStatus(
  db: Queryable,
  update: AccountStatusUpdate,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE payout_accounts SET status = $2, payouts_enabled = $3, transfers_capability = $4,
            details_submitted = $5, requirements_due = $6, status_at = $7, updated_at = $8
      WHERE account_id = $1 AND status_at <= $7 RETURNING affiliate_id`,
    [
      update.accountId,
      update.status,
      update.payoutsEnabled,
      update.transfersCapability,
      update.detailsSubmitted,
      JSON.stringify(update.requirementsDue),
      update.statusAt,
      now,
    ],
  );
  return rows.length > 0;
}
