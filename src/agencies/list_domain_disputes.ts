import type { Context } from '../app/context.js';
import { type FraudFlagRow, type FraudFlagStatus, loadFraudFlags } from '../referrals/storage/fraud_flags.js';

export const domainDisputesListMax = 1_000;

export interface DomainDisputeView {
  flagId: string;
  status: FraudFlagStatus;
  domain: string;
  claimantId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

function disputeView(flag: FraudFlagRow): DomainDisputeView {
  return {
    flagId: flag.id,
    status: flag.status,
    domain: String(flag.details.domain),
    claimantId: flag.affiliateId,
    details: flag.details,
    createdAt: flag.createdAt.toISOString(),
  };
}

/** Domain disputes for a program manager, newest first (open ones by default). */
export async function listDomainDisputes(
  context: Context,
  input: { status?: FraudFlagStatus | undefined; limit?: number | undefined },
): Promise<DomainDisputeView[]> {
  const flags = await loadFraudFlags(context.db, {
    kind: 'domain_dispute',
    status: input.status ?? 'open',
    limit: Math.min(input.limit ?? domainDisputesListMax, domainDisputesListMax),
  });
  return flags.map(disputeView);
}
