import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../app/context.js';
import type { ApiKeyAuthenticator } from '../partners/authenticate_api_key.js';
import type { Credentials } from '../platform/http/auth.js';
import { authenticateSession, type SignedIn } from './authenticate_session.js';
import { publicUrlOf } from './request_sign_in_link.js';
import { sessionLifetimeMs } from './secrets.js';
import { type CookieOptions, csrfCookie, sessionCookie } from './session_cookies.js';

export function cookiesAreSecure(context: Context): boolean {
  return publicUrlOf(context).startsWith('https:');
}

/** Cookie attributes for a session valid until `expiresAt`. */
export function cookieOptionsUntil(context: Context, expiresAt: Date): CookieOptions {
  const remainingMs = Math.min(sessionLifetimeMs, expiresAt.getTime() - context.clock.now().getTime());
  return { secure: cookiesAreSecure(context), maxAgeSeconds: Math.max(0, Math.floor(remainingMs / 1000)) };
}

/** The session and CSRF cookies for a session valid until `expiresAt`. */
export function sessionCookies(context: Context, sessionToken: string, csrfToken: string, expiresAt: Date) {
  const options = cookieOptionsUntil(context, expiresAt);
  return [sessionCookie(sessionToken, options), csrfCookie(csrfToken, options)];
}

/** Origins allowed to act with a session: the public URL's, and the origin the request was sent to. */
export function sessionOrigins(context: Context, request: FastifyRequest): string[] {
  return [new URL(publicUrlOf(context)).origin, `${request.protocol}://${request.host}`].map((origin) =>
    origin.toLowerCase(),
  );
}

/** Bearer keys plus session cookies, for the scope guards. */
export function sessionCredentials(context: Context, apiKeys: ApiKeyAuthenticator): Credentials {
  return {
    authenticate: (key) => apiKeys.authenticate(key),
    authenticateSession: (sessionToken) => authenticateSession(context, sessionToken),
    onSessionRenewed(reply: FastifyReply, sessionToken: string, signedIn: SignedIn) {
      reply.header(
        'set-cookie',
        sessionCookies(context, sessionToken, signedIn.csrfToken, signedIn.expiresAt),
      );
    },
    sessionOrigins: (request) => sessionOrigins(context, request),
  };
}
