import { domainToASCII } from 'node:url';
import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { emailDomain } from '../referrals/rules/email.js';
import { insertDomainClaim, lockDomainClaim } from '../referrals/storage/domain_claims.js';
import { openDomainDispute } from '../referrals/storage/fraud_flags.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { judgeClientDomain, normalizeClientDomain } from './rules/client_domain.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

export interface ClientDomainClaim {
  domain: string;
  agencyId: string;
  createdAt: string;
}

/** The domain in the form signups are matched on, or a 400 saying why it cannot be claimed. */
function claimableDomain(raw: string, agencyEmail: string): string {
  const ascii = domainToASCII(normalizeClientDomain(raw));
  const verdict = judgeClientDomain(normalizeClientDomain(ascii || raw), emailDomain(agencyEmail));
  if (!verdict.ok) throw new AppError('validation_failed', verdict.message, { path: 'domain' });
  return verdict.domain;
}

/**
 * An agency invites a client's company domain (SPEC §4, §7): signups from it are the agency's,
 * permanently. The agency's own claim again answers the claim (`created: false`). A domain another
 * agency holds is refused with a conflict and nothing is claimed; a `domain_dispute` flag (one open
 * per domain and claimant) puts both sides before a program manager.
 */
export async function claimClientDomain(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
  input: { domain: string; actor: string },
): Promise<{ claim: ClientDomainClaim; created: boolean }> {
  const agency = await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  const domain = claimableDomain(input.domain, agency.email);
  const now = context.clock.now();
  const outcome = await context.db.transaction(async (tx) => {
    if (await insertDomainClaim(tx, { domain, affiliateId: agencyId, createdAt: now })) {
      return { held: { domain, affiliateId: agencyId, createdAt: now }, created: true };
    }
    const held = (await lockDomainClaim(tx, domain))!;
    if (held.affiliateId === agencyId) return { held, created: false };
    const flagId = await openDomainDispute(tx, {
      id: context.newId('flg'),
      claimantId: agencyId,
      domain,
      createdAt: now,
      details: {
        holder: { agencyId: held.affiliateId, claimedAt: held.createdAt.toISOString() },
        claimant: {
          agencyId,
          name: agency.name,
          emailDomain: emailDomain(agency.email),
          requestedAt: now.toISOString(),
          requestedBy: input.actor,
          asTyped: input.domain.slice(0, 300),
        },
      },
    });
    return { disputed: flagId };
  });
  if ('disputed' in outcome) {
    // Which agency holds it is not said: another workspace's data stays its own.
    throw new AppError(
      'conflict',
      `${domain} is already claimed by another agency; a program manager will review it`,
      {
        path: 'domain',
        details: { flagId: outcome.disputed },
      },
    );
  }
  const { held, created } = outcome;
  return {
    claim: { domain: held.domain, agencyId: held.affiliateId, createdAt: held.createdAt.toISOString() },
    created,
  };
}
