import type { Queryable } from '../../platform/db/database.js';
import type {
  OperatorException,
  OperatorExceptionKind,
  OperatorExceptionState,
} from '../rules/operator_exceptions.js';

interface OperatorExceptionRow {
  id: string;
  kind: OperatorExceptionKind;
  affiliate_id: string;
  payout_id: string;
  transfer_id: string;
  amount_cents: number | string;
  currency: string;
  detail: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

const columns = `id, kind, affiliate_id, payout_id, transfer_id, amount_cents, currency, detail, created_at,
  resolved_at, resolved_by, resolution`;

function fromRow(row: OperatorExceptionRow): OperatorException {
  return {
    id: row.id,
    kind: row.kind,
    affiliateId: row.affiliate_id,
    payoutId: row.payout_id,
    transferId: row.transfer_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    detail: row.detail,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
  };
}

/** Stores the exception unless the same kind, payout and transfer was stored before; true when new. */
export async function insertOperatorException(
  db: Queryable,
  exception: Omit<OperatorException, 'resolvedAt' | 'resolvedBy' | 'resolution'>,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO operator_exceptions (id, kind, affiliate_id, payout_id, transfer_id, amount_cents, currency,
       detail, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (kind, payout_id, transfer_id) DO NOTHING RETURNING id`,
    [
      exception.id,
      exception.kind,
      exception.affiliateId,
      exception.payoutId,
      exception.transferId,
      exception.amountCents,
      exception.currency,
      exception.detail,
      exception.createdAt,
    ],
  );
  return rows.length > 0;
}

export async function hasOpenOperatorException(db: Queryable, affiliateId: string): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM operator_exceptions WHERE affiliate_id = $1 AND resolved_at IS NULL LIMIT 1',
    [affiliateId],
  );
  return rows.length > 0;
}

export async function loadOperatorException(db: Queryable, id: string): Promise<OperatorException | null> {
  const [row] = await db.query<OperatorExceptionRow>(
    `SELECT ${columns} FROM operator_exceptions WHERE id = $1`,
    [id],
  );
  return row ? fromRow(row) : null;
}

/** Newest first; `state` filters open or resolved ones. */
export async function selectOperatorExceptions(
  db: Queryable,
  input: { state: OperatorExceptionState | null; limit: number },
): Promise<OperatorException[]> {
  const rows = await db.query<OperatorExceptionRow>(
    `SELECT ${columns} FROM operator_exceptions
      WHERE $1::text IS NULL OR ((resolved_at IS NULL) = ($1::text = 'open'))
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [input.state, input.limit],
  );
  return rows.map(fromRow);
}

export interface OpenOperatorExceptions {
  open: number;
  affiliates: number;
  amountCents: number;
  oldestAt: Date | null;
}

/** The report's view: the open anomalies now, beside whatever month it covers. */
export async function withOpenOperatorExceptions<T extends object>(
  db: Queryable,
  report: T,
): Promise<
  T & {
    operatorExceptions: { open: number; affiliates: number; amountCents: number; oldestAt: string | null };
  }
> {
  const open = await countOpenOperatorExceptions(db);
  return { ...report, operatorExceptions: { ...open, oldestAt: open.oldestAt?.toISOString() ?? null } };
}

export async function countOpenOperatorExceptions(db: Queryable): Promise<OpenOperatorExceptions> {
  const [row] = await db.query<{
    open: number | string;
    affiliates: number | string;
    amount_cents: number | string | null;
    oldest_at: Date | null;
  }>(
    `SELECT count(*) AS open, count(DISTINCT affiliate_id) AS affiliates,
            coalesce(sum(amount_cents), 0) AS amount_cents, min(created_at) AS oldest_at
       FROM operator_exceptions WHERE resolved_at IS NULL`,
  );
  return {
    open: Number(row?.open ?? 0),
    affiliates: Number(row?.affiliates ?? 0),
    amountCents: Number(row?.amount_cents ?? 0),
    oldestAt: row?.oldest_at ?? null,
  };
}

/** Resolves an open exception; false when it was resolved already (nothing changed). */
export async function markOperatorExceptionResolved(
  db: Queryable,
  input: { id: string; resolvedAt: Date; resolvedBy: string; resolution: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE operator_exceptions SET resolved_at = $2, resolved_by = $3, resolution = $4
      WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
    [input.id, input.resolvedAt, input.resolvedBy, input.resolution],
  );
  return rows.length > 0;
}
