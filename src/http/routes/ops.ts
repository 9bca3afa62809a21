import { z } from 'zod';
import { requireMetricsToken } from '../metrics_token.js';
import type { RouteDeps } from './route_deps.js';

export function registerOpsRoutes({ app, context }: RouteDeps): void {
  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => {
      await context.db.query('SELECT 1');
      return { status: 'ok' as const };
    },
  );
  app.get(
    '/metrics',
    { schema: { hide: true }, preHandler: requireMetricsToken(context.config.metricsToken) },
    async (_request, reply) => {
      reply.type(context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
