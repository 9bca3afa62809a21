import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { ApiKeyAuthenticator } from '../../partners/authenticate_api_key.js';
import { assertSameSiteRequest, requireScope } from '../../platform/http/auth.js';
import { AppError } from '../../platform/rules/errors.js';
import { authenticateSession } from '../authenticate_session.js';
import { type Mailer, mailerFromConfig } from '../mailer.js';
import { requestSignInLink } from '../request_sign_in_link.js';
import { isAgencyUser } from '../roles.js';
import { csrfTokenFor } from '../secrets.js';
import { clearedCookies, csrfCookie, readCookie, sessionCookieName } from '../session_cookies.js';
import {
  cookieOptionsUntil,
  cookiesAreSecure,
  sessionCookies,
  sessionCredentials,
} from '../session_credentials.js';
import { signOut } from '../sign_out.js';
import { verifySignInLink } from '../verify_sign_in_link.js';
import { refusalStatus, signInRefusedPage } from './verify_page.js';

export const emailField = z.string().trim().max(320).pipe(z.email());

const magicLinkBody = z.object({ email: emailField }).strict();
const acceptedSchema = z.object({ message: z.string() });
const verifyQuery = z.object({ token: z.string().max(200).optional() });

const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string() }).nullable(),
  roles: z.array(z.string()),
  via: z.enum(['key', 'session']),
  scope: z.enum(['admin', 'track', 'affiliate']),
  affiliateId: z.string().optional(),
  agencyId: z.string().optional(),
  csrfToken: z.string().optional(),
});

export interface SignInRouteOptions {
  mailer?: Mailer;
}

/** Sign-in by emailed link, sessions, sign-out and `GET /v1/me`. Returns the mailer it uses. */
export function registerSignInRoutes({ app, context }: RouteDeps, options: SignInRouteOptions = {}): Mailer {
  const mailer = options.mailer ?? mailerFromConfig(context.config, context.logger);
  const credentials = sessionCredentials(context, new ApiKeyAuthenticator(context));
  const anyPrincipal = requireScope(credentials, 'admin', 'track', 'affiliate');
  // Mail goes out after the answer, so the time to answer says nothing about whether the account exists.
  const inFlight = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });

  app.post(
    '/v1/auth/magic-link',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Email a one-time sign-in link (202 whatever the email)',
        security: [],
        body: magicLinkBody,
        response: { 202: acceptedSchema },
      },
    },
    async (request, reply) => {
      const sending = requestSignInLink(context, mailer, request.body.email)
        .catch((error) => context.logger.error({ err: error }, 'sign-in link could not be sent'))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      return reply
        .code(202)
        .send({ message: 'If an account exists for that email, a sign-in link is on its way.' });
    },
  );

  app.get('/auth/verify', { schema: { hide: true, querystring: verifyQuery } }, async (request, reply) => {
    const token = request.query.token;
    const result = token
      ? await verifySignInLink(context, token)
      : { signedIn: false as const, reason: 'missing' as const };
    if (!result.signedIn) {
      return reply
        .code(refusalStatus(result.reason))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(signInRefusedPage(result.reason));
    }
    const csrfToken = csrfTokenFor(result.sessionToken);
    return reply
      .header('set-cookie', sessionCookies(context, result.sessionToken, csrfToken, result.expiresAt))
      .header('cache-control', 'no-store')
      .redirect('/', 303);
  });

  app.post(
    '/v1/auth/sign-out',
    {
      schema: {
        tags: ['accounts'],
        summary: 'End this browser session (needs the CSRF token)',
        security: [],
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const sessionToken = readCookie(request.headers.cookie, sessionCookieName);
      const signedIn = sessionToken ? await authenticateSession(context, sessionToken) : null;
      if (signedIn) {
        assertSameSiteRequest(credentials, request, signedIn.csrfToken);
        await signOut(context, signedIn.sessionId);
      }
      return reply
        .code(204)
        .header('set-cookie', clearedCookies(cookiesAreSecure(context)))
        .send(null);
    },
  );

  app.get(
    '/v1/me',
    {
      preHandler: anyPrincipal,
      schema: {
        tags: ['accounts'],
        summary: 'Who is calling: the signed-in user, or the API key',
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw new AppError('unauthenticated', 'sign in or send an API key');
      const signedIn = request.signedIn;
      if (!signedIn) {
        return {
          user: null,
          roles: [],
          via: 'key' as const,
          scope: principal.scope,
          ...(principal.affiliateId ? { affiliateId: principal.affiliateId } : {}),
        };
      }
      const { user } = signedIn;
      // The page may read its CSRF token from this cookie as well as from the body.
      reply.header(
        'set-cookie',
        csrfCookie(signedIn.csrfToken, cookieOptionsUntil(context, signedIn.expiresAt)),
      );
      return {
        user: { id: user.id, email: user.email },
        roles: user.roles,
        via: 'session' as const,
        scope: principal.scope,
        ...(user.affiliateId ? { affiliateId: user.affiliateId } : {}),
        ...(user.affiliateId && isAgencyUser(user.roles) ? { agencyId: user.affiliateId } : {}),
        csrfToken: signedIn.csrfToken,
      };
    },
  );
  return mailer;
}
