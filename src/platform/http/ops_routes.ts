import type { RouteDeps } from '../../app/http/route_deps.js';
import { checkHealth, healthSchema } from './health.js';
import { requireMetricsToken } from './metrics_token.js';

export function registerOpsRoutes({ app, context }: RouteDeps): void {
  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      const health = await checkHealth(context);
      return reply.code(health.status === 'failing' ? 503 : 200).send(health);
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
