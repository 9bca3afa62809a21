import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/rules/errors.js';
import { actsAsAgencyOwner, assertActsForAgency } from './agency_access.js';

/** Who acts, as recorded beside what they did: `user:<id>` for a session, `key:<id>` for a key. */
export function actorOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal) return 'unknown';
  return principal.userId ? `user:${principal.userId}` : `key:${principal.keyId}`;
}

/**
 * The scope of a request that manages the workspace's people or keys: only its owners (signed in)
 * and program managers may; members and workspace keys get 403. Another workspace is a 404 first.
 */
export function assertWorkspaceOwner(request: FastifyRequest, agencyId: string) {
  const scope = assertActsForAgency(request, agencyId);
  if (!actsAsAgencyOwner(request)) {
    throw new AppError('forbidden', "only the workspace's owners manage its members and keys");
  }
  return scope;
}
