import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiKeyScope, scopeGrants } from '../domain/api_keys.js';
import { AppError } from '../domain/errors.js';
import type { ApiKeyAuthenticator, Principal } from '../usecases/authenticate_api_key.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type ScopeGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** A preHandler that admits a bearer key holding one of `scopes`. */
export function requireScope(authenticator: ApiKeyAuthenticator, ...scopes: ApiKeyScope[]): ScopeGuard {
  return async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new AppError('unauthenticated', 'send the API key as "Authorization: Bearer <key>"');
    const principal = await authenticator.authenticate(match[1]!);
    if (!principal) throw new AppError('unauthenticated', 'the API key is unknown or revoked');
    if (!scopes.some((scope) => scopeGrants(principal.scope, scope))) {
      throw new AppError('forbidden', `this endpoint needs a key with scope ${scopes.join(' or ')}`);
    }
    request.principal = principal;
  };
}

/** Admins see everything; an affiliate key sees only its own affiliate's data. */
export function assertCanSeeAffiliate(principal: Principal | null, affiliateId: string): void {
  if (principal?.scope === 'admin') return;
  if (principal?.scope === 'affiliate' && principal.affiliateId === affiliateId) return;
  // Answer as if it did not exist, so ids of other affiliates cannot be probed.
  throw new AppError('not_found', `affiliate ${affiliateId} does not exist`);
}
