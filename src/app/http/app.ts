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
import { registerApplicationListRoute } from '../../accounts/http/application_list_route.js';
import { registerAccountRoutes } from '../../accounts/http/register_account_routes.js';
import { sessionCredentials } from '../../accounts/session_credentials.js';
import { registerAgencyProjectRoutes } from '../../agencies/http/register_project_routes.js';
import { registerRevenueShareRoute } from '../../agencies/http/revenue_share_route.js';
import { registerAgencyWorkspaceRoutes } from '../../agencies/http/workspace_routes.js';
import { registerBillingRoutes } from '../../billing/http/billing.js';
import { registerReconciliationRoutes } from '../../commissions/http/reconciliations.js';
import { registerDashboardRoutes } from '../../dashboard/http/dashboard_routes.js';
import { registerEventsRoute } from '../../dashboard/http/events_route.js';
import { registerEconomicsRoutes } from '../../economics/http/economics_route.js';
import { registerWhatIfRoute } from '../../economics/http/what_if_route.js';
import { registerLedgerRoutes } from '../../ledger/http/ledger.js';
import { ApiKeyAuthenticator } from '../../partners/authenticate_api_key.js';
import { registerAffiliateRoutes } from '../../partners/http/affiliates.js';
import { registerKeyRoutes } from '../../partners/http/keys.js';
import { registerWebhookEndpointRoutes } from '../../partners/http/webhook_endpoints.js';
import { registerOperatorExceptionRoutes } from '../../payouts/http/operator_exception_routes.js';
import { registerPayoutRunRoutes } from '../../payouts/http/payout_run_routes.js';
import { registerPayoutRoutes } from '../../payouts/http/payouts.js';
import { requireScope } from '../../platform/http/auth.js';
import { refuseUnstorableInput } from '../../platform/http/input_bounds.js';
import { registerOpsRoutes } from '../../platform/http/ops_routes.js';
import { problemBody, sendProblem, toProblem } from '../../platform/http/problem.js';
import { registerRateLimits } from '../../platform/http/rate_limits.js';
import { registerAttributionRoutes } from '../../referrals/http/attribution.js';
import { registerAdminRoutes } from '../../settings/http/admin_routes.js';
import { isRedirectPath, sendLinkNotFoundPage } from '../../tracking/http/redirect.js';
import { registerSnippetRoute } from '../../tracking/http/snippet_route.js';
import { registerUsageRoutes } from '../../usage/http/usage.js';
import type { Context } from '../context.js';
import type { RouteDeps } from './route_deps.js';
import { type ServeBeforeRouting, serverServingFirst } from './serve_before_routing.js';

export const requestBodyBytesMax = 1_048_576;

/**
 * Builds the HTTP app without listening, so tests inject requests in-process. `serveBeforeRouting`
 * answers the requests it takes on the listening server before Fastify routes them (the redirect).
 */
export async function buildApp(
  context: Context,
  extraRoutes: Array<(deps: RouteDeps) => void> = [],
  options: { serveBeforeRouting?: ServeBeforeRouting } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.serveBeforeRouting ? { serverFactory: serverServingFirst(options.serveBeforeRouting) } : {}),
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
    registerPayoutRunRoutes(deps);
    registerReconciliationRoutes(deps);
    registerDashboardRoutes(deps);
    registerEventsRoute(deps);
    registerSnippetRoute(deps);
    registerAccountRoutes(deps);
    registerApplicationListRoute(deps);
    registerOperatorExceptionRoutes(deps);
    registerEconomicsRoutes(deps);
    registerAgencyWorkspaceRoutes(deps, apiKeys);
    registerAgencyProjectRoutes(deps);
    registerRevenueShareRoute(deps);
    registerWhatIfRoute(deps);
  });
  const rootDeps: RouteDeps = { app: app.withTypeProvider<ZodTypeProvider>(), context, guards };
  for (const register of extraRoutes) register(rootDeps);
  return app;
}
