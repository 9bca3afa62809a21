import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import {
  listOperatorExceptions,
  operatorExceptionsPageSizeMax,
  resolveOperatorException,
} from '../resolve_operator_exception.js';
import {
  type OperatorException,
  operatorExceptionKinds,
  operatorExceptionResolutionCharsMax,
  operatorExceptionState,
  operatorExceptionStates,
} from '../rules/operator_exceptions.js';

const exceptionSchema = z.object({
  id: z.string(),
  kind: z.enum(operatorExceptionKinds),
  state: z.enum(operatorExceptionStates),
  affiliateId: z.string(),
  payoutId: z.string(),
  transferId: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  detail: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});

function exceptionView(exception: OperatorException): z.infer<typeof exceptionSchema> {
  return {
    ...exception,
    state: operatorExceptionState(exception),
    createdAt: exception.createdAt.toISOString(),
    resolvedAt: exception.resolvedAt?.toISOString() ?? null,
  };
}

/** Money anomalies an operator must settle; while one is open, the affiliate's payouts are held. */
export function registerOperatorExceptionRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/exceptions',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['payouts'],
        summary: 'Money anomalies for an operator, newest first (open ones hold the affiliate’s payouts)',
        querystring: z
          .object({
            state: z.enum(operatorExceptionStates).optional(),
            limit: z.coerce.number().int().min(1).max(operatorExceptionsPageSizeMax).default(100),
          })
          .strict(),
        response: { 200: z.object({ exceptions: z.array(exceptionSchema) }) },
      },
    },
    async (request) => ({
      exceptions: (await listOperatorExceptions(context, request.query)).map(exceptionView),
    }),
  );

  app.post(
    '/v1/admin/exceptions/:id/resolve',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['payouts'],
        summary: 'Mark an anomaly settled; the affiliate’s payouts resume when none is left open',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z
          .object({
            resolution: z
              .string()
              .trim()
              .min(1)
              .max(operatorExceptionResolutionCharsMax)
              .describe('what was done, e.g. "transfer tr_… reversed in Stripe"'),
          })
          .strict(),
        response: { 200: exceptionSchema },
      },
    },
    async (request) =>
      exceptionView(
        await resolveOperatorException(context, {
          id: request.params.id,
          resolution: request.body.resolution,
          resolvedBy: request.principal?.keyId ?? 'unknown',
        }),
      ),
  );
}
