import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { defaultLinkDestination } from '../create_link.js';
import { LinkCache } from '../link_cache.js';
import type { ClickRecorder } from '../record_click.js';
import { clickCookie, clickIdFromCookieHeader, isCountableVisit, visitorHash } from '../rules/clicks.js';
import { contentTagPattern, destinationWithClickId, isLinkLive, linkCodePattern } from '../rules/links.js';

const notFoundPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>' +
  '<body><h1>Link not found</h1><p>This referral link does not exist or is no longer active.</p></body></html>';
const errorPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>' +
  '<body><h1>Something went wrong</h1><p>Please try the link again.</p></body></html>';

function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page);
}

export function isRedirectPath(url: string): boolean {
  return url.startsWith('/r/');
}

export function sendLinkNotFoundPage(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, notFoundPage);
}

function sendRedirect(reply: FastifyReply, location: string, cookie?: string): FastifyReply {
  reply.code(302).header('location', location).header('cache-control', 'no-store');
  if (cookie) reply.header('set-cookie', cookie);
  return reply.send();
}

/**
 * `GET /r/{code}` and `GET /r/{code}/{tag}`: public, in their own scope with their own 404 page
 * and no body parsing or schema. The visitor always lands: a click is only buffered (see
 * ClickRecorder), and a link unknown to a failing database sends the visitor to EmDash itself.
 */
export function registerRedirectRoutes({ app, context }: RouteDeps, recorder: ClickRecorder): void {
  const links = new LinkCache(context.db);
  const outcomes = {
    click: context.metrics.redirects.labels('click'),
    bot: context.metrics.redirects.labels('bot'),
    unknownCode: context.metrics.redirects.labels('unknown_code'),
    lookupFailed: context.metrics.redirects.labels('lookup_failed'),
  };

  async function redirect(
    request: FastifyRequest<{ Params: { code: string; tag?: string } }>,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { code, tag: pathTag } = request.params;
    if (!linkCodePattern.test(code) || (pathTag !== undefined && !contentTagPattern.test(pathTag))) {
      outcomes.unknownCode.inc();
      return sendLinkNotFoundPage(reply);
    }
    let link: Awaited<ReturnType<LinkCache['get']>>;
    try {
      link = await links.get(code);
    } catch (error) {
      outcomes.lookupFailed.inc();
      request.log.warn({ err: error, code }, 'link lookup failed; sent to the default destination');
      return sendRedirect(reply, defaultLinkDestination);
    }
    const now = context.clock.now();
    if (!link || !isLinkLive(link, now)) {
      outcomes.unknownCode.inc();
      return sendLinkNotFoundPage(reply);
    }
    const userAgent = request.headers['user-agent'];
    if (!isCountableVisit(request.method, userAgent)) {
      outcomes.bot.inc();
      return sendRedirect(reply, link.destination);
    }
    const clickId = context.newId('clk');
    recorder.record({
      id: clickId,
      linkId: link.id,
      affiliateId: link.affiliateId,
      tag: pathTag ?? link.tag,
      visitorHash: visitorHash(context.visitorHashSalt, request.ip, userAgent),
      priorClickId: clickIdFromCookieHeader(request.headers.cookie),
      occurredAt: now,
    });
    outcomes.click.inc();
    const { cookieWindowDays } = context.settings.at(now);
    return sendRedirect(
      reply,
      destinationWithClickId(link.destination, clickId),
      clickCookie(clickId, cookieWindowDays),
    );
  }

  app.register(
    async (scope: FastifyInstance) => {
      scope.setNotFoundHandler((_request, reply) => {
        outcomes.unknownCode.inc();
        return sendLinkNotFoundPage(reply);
      });
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        const status = error.statusCode ?? 500;
        if (status >= 400 && status < 500) return sendLinkNotFoundPage(reply);
        request.log.error({ err: error }, 'redirect failed');
        return sendPage(reply, 500, errorPage);
      });
      scope.get('/:code', { schema: { hide: true } }, redirect);
      scope.get('/:code/:tag', { schema: { hide: true } }, redirect);
    },
    { prefix: '/r' },
  );
}
