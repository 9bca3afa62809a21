import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { errorPage, notFoundPage, type RedirectHandler, redirectPathPrefix } from './redirect_handler.js';

export function isRedirectPath(url: string): boolean {
  return url.startsWith(redirectPathPrefix);
}

export function sendLinkNotFoundPage(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(notFoundPage);
}

/**
 * `/r/…` inside Fastify: a listening server answers GET and HEAD before routing
 * (`RedirectHandler.serveBeforeRouting`); these routes answer requests injected in-process (tests)
 * with the same handler, and the scope gives any other method under /r/ the redirect's 404 page.
 */
export function registerRedirectRoutes({ app, context }: RouteDeps, handler: RedirectHandler): void {
  const answer = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    handler.answer(request.raw, reply.raw);
  };
  const unknownCode = context.metrics.redirects.labels('unknown_code');
  app.register(
    async (scope: FastifyInstance) => {
      scope.setNotFoundHandler((_request, reply) => {
        unknownCode.inc();
        return sendLinkNotFoundPage(reply);
      });
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        const status = error.statusCode ?? 500;
        if (status >= 400 && status < 500) return sendLinkNotFoundPage(reply);
        request.log.error({ err: error }, 'redirect failed');
        return reply
          .code(500)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(errorPage);
      });
      scope.get('/:code', { schema: { hide: true } }, answer);
      scope.get('/:code/:tag', { schema: { hide: true } }, answer);
    },
    { prefix: '/r' },
  );
}
