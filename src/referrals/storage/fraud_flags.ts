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
