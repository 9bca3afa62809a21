import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../../app/context.js';
import type { RedirectOutcome } from '../../platform/metrics.js';
import { defaultLinkDestination } from '../create_link.js';
import { LinkCache, type RedirectLink } from '../link_cache.js';
import type { ClickRecorder } from '../record_click.js';
import { clickCookie, clickIdFromCookieHeader, isCountableVisit, visitorHash } from '../rules/clicks.js';
import { contentTagPattern, destinationWithClickId, isLinkLive, linkCodePattern } from '../rules/links.js';
import { BotVerdicts, clientAddressReader } from './visitor_identity.js';

const notFoundPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>' +
  '<body><h1>Link not found</h1><p>This referral link does not exist or is no longer active.</p></body></html>';
const errorPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>' +
  '<body><h1>Something went wrong</h1><p>Please try the link again.</p></body></html>';
const unavailableBody = '{"error":"Service Unavailable","message":"Service Unavailable","statusCode":503}';

export const redirectPathPrefix = '/r/';

/** `/r/{code}` or `/r/{code}/{tag}` (one trailing slash allowed, query ignored), decoded; null otherwise. */
export function redirectTargetOf(url: string): { code: string; tag: string | undefined } | null {
  const queryAt = url.indexOf('?');
  let path = url.slice(redirectPathPrefix.length, queryAt < 0 ? url.length : queryAt);
  if (path.endsWith('/')) path = path.slice(0, -1);
  const slashAt = path.indexOf('/');
  let code = slashAt < 0 ? path : path.slice(0, slashAt);
  let tag = slashAt < 0 ? undefined : path.slice(slashAt + 1);
  if (path.includes('%')) {
    try {
      code = decodeURIComponent(code);
      tag = tag === undefined ? undefined : decodeURIComponent(tag);
    } catch {
      return null;
    }
  }
  if (!linkCodePattern.test(code) || (tag !== undefined && !contentTagPattern.test(tag))) return null;
  return { code, tag };
}

/**
 * `GET /r/{code}` and `GET /r/{code}/{tag}` on the raw `node:http` request, ahead of Fastify's
 * router (see `serveBeforeRouting`): the redirect is the hottest path of the service and needs no
 * hook, schema or body parsing. Each answer is one `writeHead` and one `end`. The visitor always
 * lands: a click is only buffered (see ClickRecorder), and a link unknown to a failing database
 * sends the visitor to EmDash itself. A known link is answered synchronously from the link cache.
 */
export class RedirectHandler {
  private closing = false;
  private readonly links: LinkCache;
  private readonly botVerdicts = new BotVerdicts();
  private readonly clientAddress: (request: IncomingMessage) => string;
  private readonly outcomes: Record<RedirectOutcome, number>;

  constructor(
    private readonly context: Omit<Context, 'clicks'>,
    private readonly recorder: ClickRecorder,
  ) {
    this.links = new LinkCache(context.db);
    this.clientAddress = clientAddressReader(context.config.trustedProxies);
    this.outcomes = context.metrics.redirectsPending;
  }

  /**
   * Answers GET and HEAD under `/r/` and returns true; anything else (other methods, other paths)
   * returns false for Fastify to route.
   */
  readonly serveBeforeRouting = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = request.url;
    if (url === undefined || !url.startsWith(redirectPathPrefix)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    this.answer(request, response);
    return true;
  };

  /** From now on, answer 503 with `Connection: close`, as Fastify does while the server closes. */
  close(): void {
    this.closing = true;
  }

  /** Answers one redirect request; never throws. */
  answer(request: IncomingMessage, response: ServerResponse): void {
    if (this.closing) {
      response.writeHead(503, {
        'content-type': 'application/json',
        'content-length': String(unavailableBody.length),
        connection: 'close',
      });
      response.end(unavailableBody);
      return;
    }
    try {
      const target = redirectTargetOf(request.url ?? '');
      if (!target) {
        this.sendNotFound(response);
        return;
      }
      const found = this.links.get(target.code);
      if (!(found instanceof Promise)) {
        this.redirect(request, response, found, target.tag);
        return;
      }
      found.then(
        (link) => this.redirect(request, response, link, target.tag),
        (error: unknown) => this.sendLookupFailed(response, error, target.code),
      );
    } catch (error) {
      this.sendError(response, error);
    }
  }

  private redirect(
    request: IncomingMessage,
    response: ServerResponse,
    link: RedirectLink | null,
    pathTag: string | undefined,
  ): void {
    try {
      const { context } = this;
      const now = context.clock.now();
      if (!link || !isLinkLive(link, now)) {
        this.sendNotFound(response);
        return;
      }
      const userAgent = request.headers['user-agent'];
      if (!isCountableVisit(request.method ?? '', userAgent, this.botVerdicts.isBot)) {
        this.outcomes.bot += 1;
        response.writeHead(302, { location: link.destination, 'cache-control': 'no-store' });
        response.end();
        return;
      }
      const clickId = context.newId('clk');
      this.recorder.record({
        id: clickId,
        linkId: link.id,
        affiliateId: link.affiliateId,
        tag: pathTag ?? link.tag,
        visitorHash: visitorHash(context.visitorHashSalt, this.clientAddress(request), userAgent),
        priorClickId: clickIdFromCookieHeader(request.headers.cookie),
        occurredAt: now,
      });
      this.outcomes.click += 1;
      const location = link.clickIdLocation
        ? link.clickIdLocation.beforeClickId + clickId + link.clickIdLocation.afterClickId
        : destinationWithClickId(link.destination, clickId);
      response.writeHead(302, {
        location,
        'cache-control': 'no-store',
        'set-cookie': clickCookie(clickId, context.settings.at(now).cookieWindowDays),
      });
      response.end();
    } catch (error) {
      this.sendError(response, error);
    }
  }

  private sendNotFound(response: ServerResponse): void {
    this.outcomes.unknown_code += 1;
    sendPage(response, 404, notFoundPage);
  }

  private sendLookupFailed(response: ServerResponse, error: unknown, code: string): void {
    this.outcomes.lookup_failed += 1;
    this.context.logger.warn({ err: error, code }, 'link lookup failed; sent to the default destination');
    response.writeHead(302, { location: defaultLinkDestination, 'cache-control': 'no-store' });
    response.end();
  }

  private sendError(response: ServerResponse, error: unknown): void {
    this.context.logger.error({ err: error }, 'redirect failed');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendPage(response, 500, errorPage);
  }
}

function sendPage(response: ServerResponse, status: number, page: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(page)),
    'cache-control': 'no-store',
  });
  response.end(page);
}

export { errorPage, notFoundPage };
