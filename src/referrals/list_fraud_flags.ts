import type { Context } from '../app/context.js';
import { type FraudFlagStatus, loadFraudFlags } from './storage/fraud_flags.js';

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
  const flags = await loadFraudFlags(context.db, {
    status: input.status ?? null,
    limit: Math.min(input.limit, fraudFlagsListMax),
  });
  return flags.map((flag) => ({ ...flag, createdAt: flag.createdAt.toISOString() }));
}
