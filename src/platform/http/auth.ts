import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from '../../accounts/authenticate_session.js';
import { readCookie, sessionCookieName } from '../../accounts/session_cookies.js';
import type { Principal } from '../../partners/authenticate_api_key.js';
import { type ApiKeyScope, scopeGrants } from '../../partners/rules/api_keys.js';
import { AppError } from '../rules/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The signed-in user when the request came with a session cookie (not a key). */
    signedIn: SignedIn | null;
  }
}

/** What the guards admit: bearer keys always; session cookies when `authenticateSession` is given. */
export interface Credentials {
  authenticate(key: string): Promise<Principal | null>;
  authenticateSession?(sessionToken: string): Promise<SignedIn | null>;
  /** Renews the session cookies on the reply when the session was renewed. */
  onSessionRenewed?(reply: FastifyReply, sessionToken: string, signedIn: SignedIn): void;
  /** Origins a state-changing session request may come from (lower-case, no trailing slash). */
  sessionOrigins?(request: FastifyRequest): readonly string[];
}

export const csrfHeaderName = 'x-csrf-token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export type ScopeGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * A preHandler that admits a bearer key holding one of `scopes`, or a session cookie whose user
 * acts with one of them (a program manager as `admin`, an affiliate user as `affiliate`).
 */
export function requireScope(authenticator: Credentials, ...scopes: ApiKeyScope[]): ScopeGuard {
  return async (request, reply) => {
    const header = request.headers.authorization;
    const sessionToken = header ? null : readCookie(request.headers.cookie, sessionCookieName);
    if (sessionToken && authenticator.authenticateSession) {
      await admitSession(authenticator, request, reply, sessionToken, scopes);
      return;
    }
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

async function admitSession(
  authenticator: Credentials,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionToken: string,
  scopes: readonly ApiKeyScope[],
): Promise<void> {
  const signedIn = await authenticator.authenticateSession!(sessionToken);
  if (!signedIn) throw new AppError('unauthenticated', 'the session has ended; sign in again');
  if (signedIn.renewedUntil) authenticator.onSessionRenewed?.(reply, sessionToken, signedIn);
  const principal = signedIn.principal;
  if (!principal || !scopes.some((scope) => scopeGrants(principal.scope, scope))) {
    throw new AppError('forbidden', 'your account may not do that');
  }
  if (!safeMethods.has(request.method)) assertSameSiteRequest(authenticator, request, signedIn.csrfToken);
  request.principal = principal;
  request.signedIn = signedIn;
}

/** CSRF defence for a state-changing session request: the double-submitted token and the Origin. */
export function assertSameSiteRequest(
  authenticator: Credentials,
  request: FastifyRequest,
  csrfToken: string,
) {
  const origin = request.headers.origin;
  if (
    origin !== undefined &&
    !(authenticator.sessionOrigins?.(request) ?? []).includes(origin.toLowerCase())
  ) {
    throw new AppError('forbidden', `requests from ${origin} may not act with this session`, {
      details: { reason: 'origin' },
    });
  }
  const sent = request.headers[csrfHeaderName];
  const expected = Buffer.from(csrfToken);
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('forbidden', `send the session's CSRF token (from GET /v1/me) in ${csrfHeaderName}`, {
      details: { reason: 'csrf' },
    });
  }
}

/** Admins see everything; an affiliate key sees only its own affiliate's data. */
export function canSeeAffiliate(principal: Principal | null, affiliateId: string): boolean {
  if (principal?.scope === 'admin') return true;
  return principal?.scope === 'affiliate' && principal.affiliateId === affiliateId;
}

export function assertCanSeeAffiliate(principal: Principal | null, affiliateId: string): void {
  if (canSeeAffiliate(principal, affiliateId)) return;
  // Answer as if it did not exist, so ids of other affiliates cannot be probed.
  throw new AppError('not_found', `affiliate ${affiliateId} does not exist`);
}
