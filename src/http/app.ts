import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerApplicationListRoute } from '../accounts/application_list_route.js';
import { registerAccountRoutes } from '../accounts/register_account_routes.js';
import { sessionCredentials } from '../accounts/session_credentials.js';
import type { Context } from '../context.js';
import { registerDashboardRoutes } from '../dashboard/dashboard_routes.js';
import { registerEventsRoute } from '../dashboard/events_route.js';
import { registerOperatorExceptionRoutes } from '../payouts/operator_exception_routes.js';
import { registerSnippetRoute } from '../tracking/snippet_route.js';
import { ApiKeyAuthenticator } from '../usecases/authenticate_api_key.js';
import { requireScope } from './auth.js';
import { refuseUnstorableInput } from './input_bounds.js';
import { problemBody, sendProblem, toProblem } from './problem.js';
import { registerRateLimits } from './rate_limits.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAffiliateRoutes } from './routes/affiliates.js';
import { registerAttributionRoutes } from './routes/attribution.js';
import { registerBillingRoutes } from './routes/billing.js';
import { registerKeyRoutes } from './routes/keys.js';
import { registerLedgerRoutes } from './routes/ledger.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerPayoutRoutes } from './routes/payouts.js';
import { registerReconciliationRoutes } from './routes/reconciliations.js';
import { isRedirectPath, sendLinkNotFoundPage } from './routes/redirect.js';
import type { RouteDeps } from './routes/route_deps.js';
import { registerUsageRoutes } from './routes/usage.js';
import { registerWebhookEndpointRoutes } from './routes/webhook_endpoints.js';

export const requestBodyBytesMax = 1_048_576;

/** Builds the HTTP app without listening, so tests inject requests in-process. */
export async function buildApp(
  context: Context,
  extraRoutes: Array<(deps: RouteDeps) => void> = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: requestBodyBytesMax,
    // X-Forwarded-For is believed only from the proxies the operator names (none by default).
    trustProxy: context.config.trustedProxies.length > 0 ? context.config.trustedProxies : false,
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // URLs the router cannot decode or whose segments are too long: the redirect's 404 page, or problem+json.
    frameworkErrors: (error, request, reply) =>
      isRedirectPath(request.url)
        ? sendLinkNotFoundPage(reply)
        : sendProblem(reply, problemBody(request, 'validation_failed', error.message)),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('signedIn', null);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply.header('x-request-id', String(request.id)), problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problemBody(
        request,
        'route_not_found',
        `${request.method} ${request.url.split('?')[0]} is not an endpoint`,
      ),
    ),
  );

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'EmDash Affiliates API',
        description: 'Referral links, attribution, usage-based activation, commissions, ledger and payouts.',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // Bearer keys, and the session cookie of a signed-in user.
  const apiKeys = new ApiKeyAuthenticator(context);
  const authenticator = sessionCredentials(context, apiKeys);
  const guards = {
    admin: requireScope(authenticator, 'admin'),
    track: requireScope(authenticator, 'track'),
    adminOrAffiliate: requireScope(authenticator, 'admin', 'affiliate'),
  };
  // The API lives in its own scope with its request-id and metrics hooks, so the click redirect
  // (registered beside it by `extraRoutes`) runs no per-request hook at all.
  await app.register(async (api) => {
    // First, so that every API route added below gets its limit (see rate_limits.ts).
    await registerRateLimits(api, context, apiKeys);
    api.addHook('preValidation', refuseUnstorableInput);
    api.addHook('onSend', (request, reply, payload, done) => {
      reply.header('x-request-id', String(request.id));
      done(null, payload);
    });
    api.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      context.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      context.metrics.httpDurationSeconds.observe(
        { method: request.method, route },
        reply.elapsedTime / 1000,
      );
      done();
    });
    const deps: RouteDeps = { app: api.withTypeProvider<ZodTypeProvider>(), context, guards };
    registerOpsRoutes(deps);
    registerKeyRoutes(deps, apiKeys);
    registerAffiliateRoutes(deps);
    registerAdminRoutes(deps);
    registerLedgerRoutes(deps);
    registerWebhookEndpointRoutes(deps);
    registerAttributionRoutes(deps);
    registerUsageRoutes(deps);
    registerBillingRoutes(deps);
    registerPayoutRoutes(deps);
    registerReconciliationRoutes(deps);
    registerDashboardRoutes(deps);
    registerEventsRoute(deps);
    registerSnippetRoute(deps);
    registerAccountRoutes(deps);
    registerApplicationListRoute(deps);
    registerOperatorExceptionRoutes(deps);
  });
  const rootDeps: RouteDeps = { app: app.withTypeProvider<ZodTypeProvider>(), context, guards };
  for (const register of extraRoutes) register(rootDeps);
  return app;
}
