import type { Queryable } from '../../platform/db/database.js';

export const fraudFlagKinds = [
  'self_referral',
  'disposable_email',
  'domain_dispute',
  'handoff_conflict',
] as const;
export type FraudFlagKind = (typeof fraudFlagKinds)[number];
export const fraudFlagStatuses = ['open', 'dismissed', 'confirmed'] as const;
export type FraudFlagStatus = (typeof fraudFlagStatuses)[number];

export interface NewFraudFlag {
  id: string;
  kind: FraudFlagKind;
  affiliateId: string | null;
  teamId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

const insertSql = `INSERT INTO fraud_flags (id, kind, affiliate_id, team_id, details, status, created_at)
  VALUES ($1, $2, $3, $4, $5, 'open', $6)`;

function insertValues(flag: NewFraudFlag): unknown[] {
  return [flag.id, flag.kind, flag.affiliateId, flag.teamId, JSON.stringify(flag.details), flag.createdAt];
}

export async function insertFraudFlag(tx: Queryable, flag: NewFraudFlag): Promise<void> {
  await tx.query(insertSql, insertValues(flag));
}

export interface FraudFlagRow {
  id: string;
  kind: string;
  status: FraudFlagStatus;
  affiliateId: string | null;
  /** The team the flag names (null for flags about a domain or an affiliate only). */
  teamId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
  /** Who closed it, when and what was decided; null while it is open. */
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: Record<string, unknown> | null;
}

interface StoredFraudFlag {
  id: string;
  kind: string;
  status: FraudFlagStatus;
  affiliate_id: string | null;
  team_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: Record<string, unknown> | null;
}

const columns =
  'id, kind, status, affiliate_id, team_id, details, created_at, resolved_at, resolved_by, resolution';

function toFraudFlag(row: StoredFraudFlag): FraudFlagRow {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    details: row.details,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
  };
}

/** Flags newest first, of one status (or of all when `status` is null), at most `limit`. */
export async function loadFraudFlags(
  db: Queryable,
  filter: { status: FraudFlagStatus | null; limit: number; kind?: FraudFlagKind | null },
): Promise<FraudFlagRow[]> {
  const rows = await db.query<StoredFraudFlag>(
    `SELECT ${columns} FROM fraud_flags
      WHERE ($1::text IS NULL OR status = $1) AND ($3::text IS NULL OR kind = $3)
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [filter.status, filter.limit, filter.kind ?? null],
  );
  return rows.map(toFraudFlag);
}

/**
 * Opens a `domain_dispute` flag unless the claimant already has one open for the domain (a
 * partial unique index keeps one); returns the id of the open flag either way.
 */
export async function openDomainDispute(
  tx: Queryable,
  flag: { id: string; claimantId: string; domain: string; details: Record<string, unknown>; createdAt: Date },
): Promise<string> {
  const dispute: NewFraudFlag = {
    id: flag.id,
    kind: 'domain_dispute',
    affiliateId: flag.claimantId,
    teamId: null,
    details: { ...flag.details, domain: flag.domain },
    createdAt: flag.createdAt,
  };
  await tx.query(`${insertSql} ON CONFLICT DO NOTHING`, insertValues(dispute));
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM fraud_flags
      WHERE kind = 'domain_dispute' AND status = 'open' AND affiliate_id = $1 AND details ->> 'domain' = $2`,
    [flag.claimantId, flag.domain],
  );
  return rows[0]!.id;
}

/** The flag, its row locked until the transaction ends; null when no flag has this id. */
export async function lockFraudFlag(tx: Queryable, flagId: string): Promise<FraudFlagRow | null> {
  const rows = await tx.query<StoredFraudFlag>(
    `SELECT ${columns} FROM fraud_flags WHERE id = $1 FOR UPDATE`,
    [flagId],
  );
  return rows[0] ? toFraudFlag(rows[0]) : null;
}

/** Closes an open flag with who decided, when and what. */
export async function closeFraudFlag(
  tx: Queryable,
  close: {
    id: string;
    status: Exclude<FraudFlagStatus, 'open'>;
    resolvedAt: Date;
    resolvedBy: string;
    resolution: Record<string, unknown>;
  },
): Promise<void> {
  await tx.query(
    `UPDATE fraud_flags SET status = $2, resolved_at = $3, resolved_by = $4, resolution = $5
      WHERE id = $1 AND status = 'open'`,
    [close.id, close.status, close.resolvedAt, close.resolvedBy, JSON.stringify(close.resolution)],
  );
}

/** Those of `teamIds` with at least one open flag: their commissions are held (not released). */
export async function loadTeamIdsWithOpenFraudFlags(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  const rows = await db.query<{ team_id: string }>(
    `SELECT DISTINCT team_id FROM fraud_flags WHERE status = 'open' AND team_id = ANY ($1::text[])`,
    [[...new Set(teamIds)]],
  );
  return new Set(rows.map((row) => row.team_id));
}
