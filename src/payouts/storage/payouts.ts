import type { Queryable } from '../../platform/db/database.js';
import type { PayoutAccountStatus, PayoutProviderName, PayoutState } from '../rules/payouts.js';

export interface Payout {
  id: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  provider: PayoutProviderName;
  destinationAccountId: string | null;
  state: PayoutState;
  providerTransferId: string | null;
  reference: string | null;
  attempts: number;
  lastError: string | null;
  failureReason: string | null;
  reversedCents: number;
  asOf: Date;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  paidAt: Date | null;
  failedAt: Date | null;
}

interface PayoutRow {
  id: string;
  affiliate_id: string;
  amount_cents: number;
  currency: string;
  provider: PayoutProviderName;
  destination_account_id: string | null;
  state: PayoutState;
  provider_transfer_id: string | null;
  reference: string | null;
  attempts: number;
  last_error: string | null;
  failure_reason: string | null;
  reversed_cents: number;
  as_of: Date;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  paid_at: Date | null;
  failed_at: Date | null;
}

export const payoutColumns = `id, affiliate_id, amount_cents, currency, provider, destination_account_id, state,
  provider_transfer_id, reference, attempts, last_error, failure_reason, reversed_cents, as_of, created_at,
  updated_at, sent_at, paid_at, failed_at`;

export function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    affiliateId: row.affiliate_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    provider: row.provider,
    destinationAccountId: row.destination_account_id,
    state: row.state,
    providerTransferId: row.provider_transfer_id,
    reference: row.reference,
    attempts: row.attempts,
    lastError: row.last_error,
    failureReason: row.failure_reason,
    reversedCents: Number(row.reversed_cents),
    asOf: row.as_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    paidAt: row.paid_at,
    failedAt: row.failed_at,
  };
}

export async function queryPayouts(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<Payout[]> {
  const rows = await db.query<PayoutRow>(sql, params);
  return rows.map(toPayout);
}

export async function loadPayout(db: Queryable, payoutId: string): Promise<Payout | null> {
  const [payout] = await queryPayouts(db, `SELECT ${payoutColumns} FROM payouts WHERE id = $1`, [payoutId]);
  return payout ?? null;
}

/** Inserts a new payout; false when the id exists already (a repeated run of the same as-of). */
export async function insertPayout(
  tx: Queryable,
  payout: Pick<
    Payout,
    'id' | 'affiliateId' | 'amountCents' | 'currency' | 'provider' | 'destinationAccountId' | 'asOf'
  > & { createdAt: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO payouts (id, affiliate_id, amount_cents, currency, provider, destination_account_id, state,
                          as_of, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'created', $7, $8, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      payout.id,
      payout.affiliateId,
      payout.amountCents,
      payout.currency,
      payout.provider,
      payout.destinationAccountId,
      payout.asOf,
      payout.createdAt,
    ],
  );
  return rows.length > 0;
}

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

/**
 * Payouts whose state disagrees with their ledger transfers: every payout has `<id>:sent`; a paid
 * one has `<id>:paid` and no `:failed`; a failed one the reverse; an open one neither. Empty when
 * the current-state column and the ledger tell the same story.
 */
export async function payoutLedgerMismatches(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT p.id FROM payouts p
       LEFT JOIN ledger_transfers s ON s.id = p.id || ':sent'
       LEFT JOIN ledger_transfers d ON d.id = p.id || ':paid'
       LEFT JOIN ledger_transfers f ON f.id = p.id || ':failed'
      WHERE s.id IS NULL
         OR (p.state = 'paid') <> (d.id IS NOT NULL)
         OR (p.state = 'failed') <> (f.id IS NOT NULL)
      ORDER BY p.id`,
  );
  return rows.map((row) => row.id);
}
