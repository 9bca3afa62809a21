import { z } from 'zod';
import { apiKeyScopes } from '../../domain/api_keys.js';
import { createApiKey } from '../../usecases/create_api_key.js';
import type { RouteDeps } from './route_deps.js';

const createKeyBody = z
  .object({
    scope: z.enum(apiKeyScopes),
    name: z.string().trim().min(1).max(200),
    affiliateId: z.string().min(1).max(64).optional(),
  })
  .strict();

const createdKey = z.object({
  id: z.string(),
  key: z.string().describe('Shown once; only its hash is stored'),
  scope: z.enum(apiKeyScopes),
  name: z.string(),
  affiliateId: z.string().nullable(),
  createdAt: z.string(),
});

export function registerKeyRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/keys',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['keys'],
        summary: 'Create an API key',
        body: createKeyBody,
        response: { 201: createdKey },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiKey(context, request.body)),
  );
}
