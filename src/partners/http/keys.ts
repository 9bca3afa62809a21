import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import type { ApiKeyAuthenticator } from '../authenticate_api_key.js';
import { createApiKey } from '../create_api_key.js';
import { apiKeysPageSizeMax, listApiKeys } from '../list_api_keys.js';
import { revokeApiKey } from '../revoke_api_key.js';
import { apiKeyScopes } from '../rules/api_keys.js';

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

const keySummary = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(apiKeyScopes),
  affiliateId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(apiKeysPageSizeMax).default(100),
    after: z.string().min(1).max(64).optional(),
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(64) });

/** `apiKeys` is the process's key cache: a revocation drops it there at once (elsewhere within seconds). */
export function registerKeyRoutes({ app, context, guards }: RouteDeps, apiKeys?: ApiKeyAuthenticator): void {
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

  app.get(
    '/v1/keys',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['keys'],
        summary: 'List API keys, oldest first (never the keys themselves or their hashes)',
        querystring: listQuery,
        response: { 200: z.object({ keys: z.array(keySummary), nextAfter: z.string().nullable() }) },
      },
    },
    async (request) => listApiKeys(context, request.query),
  );

  app.delete(
    '/v1/keys/:id',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key: every process refuses it within seconds; repeating changes nothing',
        params: idParams,
        response: { 200: keySummary },
      },
    },
    async (request) => {
      const revoked = await revokeApiKey(context, request.params.id);
      apiKeys?.forget(revoked.id);
      return revoked;
    },
  );
}
