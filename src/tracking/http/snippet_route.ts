import { createHash } from 'node:crypto';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { snippetSource } from '../snippet.js';

/** Browsers and CDNs may keep the snippet this long; a changed window shows after at most that. */
export const snippetCacheSeconds = 3_600;

/** `GET /snippet.js` (public): the snippet with today's cookie window, cacheable, with an ETag. */
export function registerSnippetRoute({ app, context }: RouteDeps): void {
  app.get('/snippet.js', { schema: { hide: true } }, async (request, reply) => {
    const source = snippetSource(context.settings.at(context.clock.now()).cookieWindowDays);
    const etag = `"${createHash('sha256').update(source).digest('base64url').slice(0, 16)}"`;
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', `public, max-age=${snippetCacheSeconds}`)
      .header('access-control-allow-origin', '*')
      .header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return source;
  });
}
