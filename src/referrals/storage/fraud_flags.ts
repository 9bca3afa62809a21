import type { Queryable } from '../../platform/db/database.js';

export const fraudFlagKinds = ['self_referral', 'disposable_email'] as const;
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

export async function insertFraudFlag(tx: Queryable, flag: NewFraudFlag): Promise<void> {
  await tx.query(
    `INSERT INTO fraud_flags (id, kind, affiliate_id, team_id, details, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
    [flag.id, flag.kind, flag.affiliateId, flag.teamId, JSON.stringify(flag.details), flag.createdAt],
  );
}

export interface FraudFlagRow {
  id: string;
  kind: string;
  status: FraudFlagStatus;
  affiliateId: string | null;
  teamId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** Flags newest first, of one status (or of all when `status` is null), at most `limit`. */
export async function loadFraudFlags(
  db: Queryable,
  filter: { status: FraudFlagStatus | null; limit: number },
): Promise<FraudFlagRow[]> {
  const rows = await db.query<{
    id: string;
    kind: string;
    status: FraudFlagStatus;
    affiliate_id: string | null;
    team_id: string | null;
    details: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT id, kind, status, affiliate_id, team_id, details, created_at FROM fraud_flags
      WHERE $1::text IS NULL OR status = $1
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [filter.status, filter.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    details: row.details,
    createdAt: row.created_at,
  }));
}
