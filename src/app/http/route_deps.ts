import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ScopeGuard } from '../../platform/http/auth.js';
import type { Context } from '../context.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteDeps {
  app: ZodApp;
  context: Context;
  guards: { admin: ScopeGuard; track: ScopeGuard; adminOrAffiliate: ScopeGuard };
}
