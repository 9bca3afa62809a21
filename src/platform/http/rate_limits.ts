import { once } from 'node:events';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Context } from '../../app/context.js';
import type { Principal } from '../../partners/authenticate_api_key.js';
import {
  addressGroup,
  type RateLimitPolicy,
  rateLimitKey,
  rateLimitMax,
  rateLimitPolicyFor,
} from '../rate_limit_policy.js';
import { AppError } from '../rules/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Overrides the policy the route's path selects (see `rateLimitPolicyFor`). */
    rateLimitPolicy?: RateLimitPolicy;
  }
}

/**
 * Route config that puts a route under the strict per-address limit: `config: signInRateLimit`.
 * Sign-in (`/v1/auth/*`, `/auth/*`) and application (`POST /v1/applications`) routes need
 * nothing: their paths select that limit already. This is for other public paths like them.
 */
export const signInRateLimit = { rateLimitPolicy: 'sign_in' } as const satisfies {
  rateLimitPolicy: RateLimitPolicy;
};

const redisConnectTimeoutMs = 2_000;
const redisWarningIntervalMs = 60_000;

/** Counters shared by every API process. A Redis outage lets requests through unlimited, with a warning. */
async function openRedis(context: Context, url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: redisConnectTimeoutMs,
  });
  let warnedAtMs = 0;
  const warn = (error: unknown) => {
    if (Date.now() - warnedAtMs < redisWarningIntervalMs) return;
    warnedAtMs = Date.now();
    context.logger.warn({ err: error }, 'rate-limit store unreachable; requests pass unlimited meanwhile');
  };
  redis.on('error', warn);
  await once(redis, 'ready').catch(warn);
  return redis;
}

/**
 * Registers the rate limits on the API scope; call it before any route is added. Requests with a
 * valid API key count against that key, all others against their address (as `trustProxy`
 * resolves it), and sign-in paths against a stricter per-address counter. Over the limit: 429
 * problem+json `rate_limited` with `Retry-After`.
 */
export async function registerRateLimits(
  api: FastifyInstance,
  context: Context,
  apiKeys: { authenticate(key: string): Promise<Principal | null> },
): Promise<void> {
  const limits = context.config.rateLimit;
  const policyOf = (method: string, url: string, configured: RateLimitPolicy | undefined) =>
    rateLimitPolicyFor({ method, url, configured });

  // Unlimited routes get no hook at all: marked before the plugin's own onRoute hook sees them.
  api.addHook('onRoute', (route) => {
    if (policyOf(String(route.method), route.url, route.config?.rateLimitPolicy) === 'none') {
      route.config = { ...route.config, rateLimit: false };
    }
  });

  async function apiKeyIdOf(request: FastifyRequest): Promise<string | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) return null;
    try {
      return (await apiKeys.authenticate(match[1]!))?.keyId ?? null;
    } catch {
      // The route's guard answers for a failing lookup; meanwhile the address is counted.
      return null;
    }
  }

  const redis = context.config.redisUrl ? await openRedis(context, context.config.redisUrl) : undefined;
  await api.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: limits.windowSeconds * 1000,
    max: (_request, counterKey) => rateLimitMax(counterKey, limits),
    keyGenerator: async (request) => {
      const policy = policyOf(
        request.method,
        request.routeOptions.url ?? '',
        request.routeOptions.config.rateLimitPolicy,
      );
      const address = addressGroup(request.ip);
      if (policy === 'sign_in') return rateLimitKey('sign_in', null, address);
      return rateLimitKey('api', await apiKeyIdOf(request), address);
    },
    errorResponseBuilder: (_request, limit) =>
      new AppError('rate_limited', `too many requests; retry in ${limit.after}`, {
        details: { retryAfterSeconds: Math.ceil(limit.ttl / 1000) },
      }),
    skipOnError: true,
    nameSpace: 'emdash-rate-limit:',
    ...(redis ? { redis } : {}),
  });
  if (redis) {
    api.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
}
