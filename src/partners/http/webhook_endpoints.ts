import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { assertCanSeeAffiliate } from '../../platform/http/auth.js';
import { listWebhookDeliveries } from '../list_webhook_deliveries.js';
import { registerWebhookEndpoint } from '../register_webhook_endpoint.js';
import { partnerEventTypes } from '../rules/outgoing_webhooks.js';

const endpointBody = z
  .object({
    affiliateId: z.string().min(1).max(64),
    url: z.string().max(2048),
    events: z.array(z.enum(partnerEventTypes)).min(1).max(partnerEventTypes.length).optional(),
  })
  .strict();

const endpointSchema = z.object({
  id: z.string(),
  affiliateId: z.string(),
  url: z.string(),
  events: z.array(z.enum(partnerEventTypes)),
  secret: z.string(),
  createdAt: z.string(),
});

const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.array(
    z.object({
      attemptedAt: z.string(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
    }),
  ),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export function registerWebhookEndpointRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/webhook-endpoints',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['webhooks'],
        summary: "Register a partner's endpoint for signed, retried event deliveries",
        body: endpointBody,
        response: { 201: endpointSchema },
      },
    },
    async (request, reply) => {
      assertCanSeeAffiliate(request.principal, request.body.affiliateId);
      return reply.code(201).send(await registerWebhookEndpoint(context, request.body));
    },
  );

  app.get(
    '/v1/affiliates/:id/webhook-deliveries',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log of an affiliate’s events, newest first, with every attempt',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return { deliveries: await listWebhookDeliveries(context, request.params.id) };
    },
  );
}
