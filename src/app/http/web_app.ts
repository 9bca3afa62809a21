import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm install` (the `prepare` script) builds the web app. */
export const webDistDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The web app's client routes: each answers the app's index.html and the app draws the page.
 * Listed one by one so that no API, redirect, sign-in or documentation path is ever shadowed.
 */
export const webAppRoutes = [
  '/',
  '/sign-in',
  '/apply',
  '/dashboard',
  '/dashboard/links',
  '/dashboard/referrals',
  '/dashboard/earnings',
  '/dashboard/payouts',
  '/dashboard/payout-account',
  '/manager',
  '/manager/kpis',
  '/manager/fraud',
  '/manager/payout-runs',
  '/manager/reconciliation',
  '/manager/settings',
  '/agency',
  '/agency/projects/:projectId',
  '/agency/client-domains',
  '/agency/members',
  '/agency/handoffs',
  '/agency/revenue-share',
] as const;

const notBuiltPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>EmDash Affiliates</title></head>' +
  '<body><main><h1>The web app is not built</h1><p>Run <code>npm run build:web</code> ' +
  '(<code>npm install</code> does it) and reload. The API is at <a href="/docs">/docs</a>.</p></main></body></html>';

/** Serves web/dist: hashed assets cached for good, the app's pages never cached. */
export async function registerWebApp(app: FastifyInstance, distDir = webDistDir): Promise<void> {
  const built = existsSync(`${distDir}/index.html`);
  if (!built) {
    app.log.warn({ distDir }, 'web app not built: run npm run build:web');
    for (const url of webAppRoutes) {
      app.get(url, { schema: { hide: true } }, (_request, reply) =>
        reply.code(503).type('text/html; charset=utf-8').send(notBuiltPage),
      );
    }
    return;
  }
  await app.register(fastifyStatic, {
    root: `${distDir}/assets`,
    prefix: '/assets/',
    wildcard: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  for (const url of webAppRoutes) {
    app.get(url, { schema: { hide: true } }, (_request, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .sendFile('index.html', distDir, { cacheControl: false }),
    );
  }
}
