import { lockAffiliateRow, lockAffiliateRowsInIdOrder } from '../../partners/storage/affiliates.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/rules/errors.js';
import {
  type AffiliateBalances,
  accountBalances,
  affiliateBalances,
  assertValidTransfer,
  type LedgerAccount,
  type LedgerEntry,
  sameTransferContent,
  type Transfer,
  type TransferKind,
} from '../rules/ledger.js';

export interface PostedTransfer {
  transfer: Transfer;
  /** True when the id was already posted with the same content: nothing was written. */
  replayed: boolean;
}

/**
 * Serializes every money movement of one affiliate: balances read under this lock stay true
 * until the transaction ends. `FOR NO KEY UPDATE` leaves foreign-key checks on the row free.
 * Returns false when the affiliate does not exist.
 */
export async function lockAffiliateLedger(tx: Queryable, affiliateId: string): Promise<boolean> {
  return lockAffiliateRow(tx, affiliateId);
}

/**
 * Posts a transfer inside the caller's transaction. The same id with the same content returns the
 * first posting (`replayed`); the same id with different content is refused. The database checks
 * the balance again at commit and refuses any later change.
 */
export async function postTransfer(tx: Queryable, transfer: Transfer): Promise<PostedTransfer> {
  assertValidTransfer(transfer);
  const inserted = await tx.query(
    `INSERT INTO ledger_transfers (id, kind, affiliate_id, commission_id, created_at, metadata)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      transfer.id,
      transfer.kind,
      transfer.affiliateId,
      transfer.commissionId,
      transfer.createdAt,
      JSON.stringify(transfer.metadata),
    ],
  );
  if (inserted.length === 0) return replayOf(tx, transfer);
  const accounts = transfer.entries.map((entry) => entry.account);
  const amounts = transfer.entries.map((entry) => entry.amountCents);
  await tx.query(
    `INSERT INTO ledger_entries (transfer_id, account, amount_cents)
     SELECT $1, account, amount_cents FROM unnest($2::text[], $3::int8[]) AS leg(account, amount_cents)`,
    [transfer.id, accounts, amounts],
  );
  return { transfer, replayed: false };
}

/**
 * Locks several affiliates' ledgers at once, in id order: every multi-affiliate locker takes them in
 * that order, so two of them cannot deadlock. Returns the ids that exist.
 */
export async function lockAffiliateLedgers(
  tx: Queryable,
  affiliateIds: readonly string[],
): Promise<string[]> {
  return lockAffiliateRowsInIdOrder(tx, affiliateIds);
}

/** Transfers posted at most this many at a time by `postTransfers` (two statements per call). */
export const transfersPerPostMax = 10_000;

/**
 * Posts many transfers in two statements, with the same checks and outcome as `postTransfer` for
 * each: a transfer whose id was posted with the same content is a replay, with other content it
 * is refused. Entries are inserted transfer by transfer in leg order, as `postTransfer` does.
 */
export async function postTransfers(
  tx: Queryable,
  transfers: readonly Transfer[],
): Promise<PostedTransfer[]> {
  if (transfers.length > transfersPerPostMax) {
    throw new Error(`postTransfers takes at most ${transfersPerPostMax} transfers, got ${transfers.length}`);
  }
  if (transfers.length === 0) return [];
  for (const transfer of transfers) assertValidTransfer(transfer);
  if (new Set(transfers.map((transfer) => transfer.id)).size !== transfers.length) {
    throw new Error('postTransfers takes each transfer id once');
  }
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO ledger_transfers (id, kind, affiliate_id, commission_id, created_at, metadata)
     SELECT id, kind, affiliate_id, commission_id, created_at, metadata::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
         WITH ORDINALITY AS posted(id, kind, affiliate_id, commission_id, created_at, metadata, position)
      ORDER BY position
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      transfers.map((transfer) => transfer.id),
      transfers.map((transfer) => transfer.kind),
      transfers.map((transfer) => transfer.affiliateId),
      transfers.map((transfer) => transfer.commissionId),
      transfers.map((transfer) => transfer.createdAt),
      transfers.map((transfer) => JSON.stringify(transfer.metadata)),
    ],
  );
  const insertedIds = new Set(inserted.map((row) => row.id));
  const results: PostedTransfer[] = [];
  const legs = { transferIds: [] as string[], accounts: [] as string[], amounts: [] as number[] };
  for (const transfer of transfers) {
    if (!insertedIds.has(transfer.id)) {
      results.push(await replayOf(tx, transfer));
      continue;
    }
    for (const entry of transfer.entries) {
      legs.transferIds.push(transfer.id);
      legs.accounts.push(entry.account);
      legs.amounts.push(entry.amountCents);
    }
    results.push({ transfer, replayed: false });
  }
  if (legs.transferIds.length > 0) {
    await tx.query(
      `INSERT INTO ledger_entries (transfer_id, account, amount_cents)
       SELECT transfer_id, account, amount_cents
         FROM unnest($1::text[], $2::text[], $3::int8[]) WITH ORDINALITY AS leg(transfer_id, account, amount_cents, position)
        ORDER BY position`,
      [legs.transferIds, legs.accounts, legs.amounts],
    );
  }
  return results;
}

/** The posting of a transfer whose id is taken: a replay if the content is the same, refused if not. */
async function replayOf(tx: Queryable, transfer: Transfer): Promise<PostedTransfer> {
  const existing = await loadTransfer(tx, transfer.id);
  if (!existing) throw new Error(`transfer ${transfer.id} conflicted but cannot be read`);
  if (!sameTransferContent(existing, transfer)) {
    throw new AppError(
      'idempotency_conflict',
      `transfer ${transfer.id} was already posted with other content`,
      {
        details: { transferId: transfer.id },
      },
    );
  }
  return { transfer: existing, replayed: true };
}

interface TransferRow {
  id: string;
  kind: TransferKind;
  affiliate_id: string;
  commission_id: string | null;
  created_at: Date;
  metadata: Record<string, unknown>;
}

export async function loadTransfer(db: Queryable, id: string): Promise<Transfer | null> {
  const rows = await db.query<TransferRow>(
    'SELECT id, kind, affiliate_id, commission_id, created_at, metadata FROM ledger_transfers WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const entries = await db.query<{ account: LedgerAccount; amount_cents: number }>(
    'SELECT account, amount_cents FROM ledger_entries WHERE transfer_id = $1 ORDER BY id',
    [id],
  );
  return {
    id: row.id,
    kind: row.kind,
    affiliateId: row.affiliate_id,
    commissionId: row.commission_id,
    entries: entries.map((entry) => ({ account: entry.account, amountCents: entry.amount_cents })),
    createdAt: row.created_at,
    metadata: row.metadata,
  };
}

/** The affiliate's balances as sums of its ledger entries (not of the materialized table). */
export async function readAffiliateBalances(db: Queryable, affiliateId: string): Promise<AffiliateBalances> {
  const rows = await db.query<{ account: LedgerAccount; sum_cents: number }>(
    `SELECT account, sum(amount_cents)::int8 AS sum_cents FROM ledger_entries
      WHERE affiliate_id = $1 GROUP BY account`,
    [affiliateId],
  );
  const entries: LedgerEntry[] = rows.map((row) => ({ account: row.account, amountCents: row.sum_cents }));
  return affiliateBalances(accountBalances(entries));
}

export interface LedgerVerification {
  balanced: boolean;
  transfers: number;
  entries: number;
  /** Transfers whose entries do not sum to zero or that have fewer than two entries. */
  unbalancedTransfers: number;
  /** (affiliate, account) pairs whose materialized balance differs from the sum of their entries. */
  mismatchedAccounts: number;
}

/**
 * Checks the whole ledger: every transfer sums to zero over at least two entries, and every
 * materialized account balance (and entry count) equals the sum of that account's entries.
 */
export async function verifyLedger(db: Queryable): Promise<LedgerVerification> {
  const [counts] = await db.query<{ transfers: number; entries: number }>(
    `SELECT (SELECT count(*) FROM ledger_transfers)::int8 AS transfers,
            (SELECT count(*) FROM ledger_entries)::int8 AS entries`,
  );
  const [unbalanced] = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM (
       SELECT t.id FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
        GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount_cents), 0) <> 0) AS bad`,
  );
  const [mismatched] = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM (
       SELECT affiliate_id, account, sum(amount_cents) AS balance_cents, count(*) AS entries
         FROM ledger_entries GROUP BY affiliate_id, account) AS summed
     FULL OUTER JOIN ledger_account_balances b USING (affiliate_id, account)
     WHERE summed.balance_cents IS DISTINCT FROM b.balance_cents OR summed.entries IS DISTINCT FROM b.entries`,
  );
  const unbalancedTransfers = unbalanced?.n ?? 0;
  const mismatchedAccounts = mismatched?.n ?? 0;
  return {
    balanced: unbalancedTransfers === 0 && mismatchedAccounts === 0,
    transfers: counts?.transfers ?? 0,
    entries: counts?.entries ?? 0,
    unbalancedTransfers,
    mismatchedAccounts,
  };
}

/** Of the transfer ids given, those already posted. */
export async function loadPostedTransferIds(
  db: Queryable,
  transferIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>('SELECT id FROM ledger_transfers WHERE id = ANY($1::text[])', [
    transferIds,
  ]);
  return new Set(rows.map((row) => row.id));
}

/** Available balances of several affiliates as sums of entries, as `readAffiliateBalances` reads them. */
export async function readAvailableBalances(
  db: Queryable,
  affiliateIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db.query<{ affiliate_id: string; sum_cents: number }>(
    `SELECT affiliate_id, sum(amount_cents)::int8 AS sum_cents FROM ledger_entries
      WHERE affiliate_id = ANY($1::text[]) AND account = 'available' GROUP BY affiliate_id`,
    [affiliateIds],
  );
  return new Map(rows.map((row) => [row.affiliate_id, Number(row.sum_cents)]));
}

export interface UnreleasedEligibleCommission {
  commissionId: string;
  affiliateId: string;
  eligibleAt: Date;
}

/**
 * A page of the commissions made eligible at or before `asOf` and not released yet, in order of
 * their eligible transfer (time, then commission id), after the keyset cursor if given.
 */
export async function loadUnreleasedEligibleCommissions(
  db: Queryable,
  page: { asOf: Date; after: { eligibleAt: Date; commissionId: string } | null; limit: number },
): Promise<UnreleasedEligibleCommission[]> {
  const rows = await db.query<{ commission_id: string; affiliate_id: string; eligible_at: Date }>(
    `SELECT t.commission_id, t.affiliate_id, t.created_at AS eligible_at
       FROM ledger_transfers t
      WHERE t.kind = 'commission_eligible' AND t.created_at <= $1
        AND ($2::timestamptz IS NULL OR (t.created_at, t.commission_id) > ($2::timestamptz, $3::text))
        AND NOT EXISTS (
          SELECT 1 FROM ledger_transfers r WHERE r.commission_id = t.commission_id AND r.kind = 'commission_released')
      ORDER BY t.created_at, t.commission_id
      LIMIT $4`,
    [page.asOf, page.after?.eligibleAt ?? null, page.after?.commissionId ?? null, page.limit],
  );
  return rows.map((row) => ({
    commissionId: row.commission_id,
    affiliateId: row.affiliate_id,
    eligibleAt: row.eligible_at,
  }));
}

export interface CommissionTransferMovement {
  commissionId: string;
  kind: TransferKind;
  /** The sum of the transfer's positive entries. */
  movedCents: number;
  createdAt: Date;
}

/** Every transfer that carries one of these commission ids, with what it moved, in posting order. */
export async function loadCommissionTransferMovements(
  db: Queryable,
  commissionIds: readonly string[],
): Promise<CommissionTransferMovement[]> {
  const rows = await db.query<{
    commission_id: string;
    kind: TransferKind;
    moved_cents: number;
    created_at: Date;
  }>(
    `SELECT t.commission_id, t.kind, t.created_at,
            coalesce(sum(e.amount_cents) FILTER (WHERE e.amount_cents > 0), 0)::int8 AS moved_cents
       FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
      WHERE t.commission_id = ANY($1::text[])
      GROUP BY t.id, t.commission_id, t.kind, t.created_at
      ORDER BY min(e.id)`,
    [commissionIds],
  );
  return rows.map((row) => ({
    commissionId: row.commission_id,
    kind: row.kind,
    movedCents: row.moved_cents,
    createdAt: row.created_at,
  }));
}
