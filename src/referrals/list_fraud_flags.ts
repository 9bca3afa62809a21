import type { Context } from '../app/context.js';
import type { FraudFlagStatus } from './storage/fraud_flags.js';

export const fraudFlagsListMax = 1_000;

export interface FraudFlag {
  id: string;
  kind: string;
  status: FraudFlagStatus;
  affiliateId: string | null;
  teamId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** The review queue: newest first, optionally of one status; at most `limit` (≤ 1,000). */
export async function listFraudFlags(
  context: Context,
  input: { status?: FraudFlagStatus | undefined; limit: number },
): Promise<FraudFlag[]> {
  const rows = await context.db.query<{
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
    [input.status ?? null, Math.min(input.limit, fraudFlagsListMax)],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    details: row.details,
    createdAt: row.created_at.toISOString(),
  }));
}
