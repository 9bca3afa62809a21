import type { Context } from '../app/context.js';
import { loadDomainClaims } from '../referrals/storage/domain_claims.js';
import type { ClientDomainClaim } from './claim_client_domain.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

export const clientDomainsListMax = 1_000;

/** The agency's claimed domains, oldest first (the SQL reads only this agency's claims). */
export async function listClientDomains(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<ClientDomainClaim[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  const claims = await loadDomainClaims(context.db, { affiliateId: agencyId, limit: clientDomainsListMax });
  return claims.map((claim) => ({
    domain: claim.domain,
    agencyId: claim.affiliateId,
    createdAt: claim.createdAt.toISOString(),
  }));
}
