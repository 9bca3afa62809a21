import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/rules/errors.js';
import { scopeCoversAgency, type WorkspaceScope, workspaceScopeOf } from '../rules/workspace_scope.js';

/**
 * The workspace scope of an authenticated request (after `requireScope(…, 'admin', 'affiliate')`).
 * Whether the affiliate is an active agency is checked by the use case against the database.
 */
export function workspaceScopeOfRequest(request: FastifyRequest): WorkspaceScope {
  const scope = workspaceScopeOf(request.principal);
  if (!scope)
    throw new AppError('forbidden', 'this endpoint needs an agency session or key, or an admin key');
  return scope;
}

/**
 * The scope of a request to the workspace route `/v1/agencies/{agencyId}/…`. Another workspace
 * is answered as if it did not exist, so workspace ids cannot be probed.
 */
export function assertActsForAgency(request: FastifyRequest, agencyId: string): WorkspaceScope {
  const scope = workspaceScopeOfRequest(request);
  if (!scopeCoversAgency(scope, agencyId))
    throw new AppError('not_found', `agency ${agencyId} does not exist`);
  return scope;
}

/** Whether the request is made by a signed-in agency owner (or an admin): owners manage members and keys. */
export function actsAsAgencyOwner(request: FastifyRequest): boolean {
  if (request.principal?.scope === 'admin') return true;
  return request.signedIn?.roles.includes('agency_owner') ?? false;
}

/**
 * The scope of a request that manages the workspace's people or keys: only its owners (signed in)
 * and program managers may; members and workspace keys get 403. Another workspace is a 404 first.
 */
export function assertWorkspaceOwner(request: FastifyRequest, agencyId: string): WorkspaceScope {
  const scope = assertActsForAgency(request, agencyId);
  if (!actsAsAgencyOwner(request)) {
    throw new AppError('forbidden', "only the workspace's owners manage its members and keys");
  }
  return scope;
}
