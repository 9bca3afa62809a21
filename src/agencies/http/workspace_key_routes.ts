import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import type { ApiKeyAuthenticator } from '../../partners/authenticate_api_key.js';
import { createWorkspaceKey } from '../create_workspace_key.js';
import { listWorkspaceKeys } from '../list_workspace_keys.js';
import { revokeWorkspaceKey } from '../revoke_workspace_key.js';
import { assertWorkspaceOwner } from './agency_access.js';
import { createdKeySchema, idParams, issuedIdSchema, keySummarySchema } from './workspace_schemas.js';

const createKeyBody = z.object({ name: z.string().trim().min(1).max(200) }).strict();

/** Workspace keys (scope `affiliate` of the agency), managed by its owners. */
export function registerWorkspaceKeyRoutes(
  { app, context, guards }: RouteDeps,
  apiKeys?: ApiKeyAuthenticator,
): void {
  app.get(
    '/v1/agencies/:id/keys',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The workspace's API keys, oldest first (owners only; never the keys themselves)",
        params: idParams,
        response: { 200: z.object({ keys: z.array(keySummarySchema) }) },
      },
    },
    async (request) => {
      const scope = assertWorkspaceOwner(request, request.params.id);
      return { keys: await listWorkspaceKeys(context, scope, request.params.id) };
    },
  );

  app.post(
    '/v1/agencies/:id/keys',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Create a workspace API key (owners only); shown once',
        params: idParams,
        body: createKeyBody,
        response: { 201: createdKeySchema },
      },
    },
    async (request, reply) => {
      const scope = assertWorkspaceOwner(request, request.params.id);
      return reply
        .code(201)
        .send(await createWorkspaceKey(context, scope, request.params.id, request.body.name));
    },
  );

  app.delete(
    '/v1/agencies/:id/keys/:keyId',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Revoke a workspace API key (owners only); repeating changes nothing',
        params: idParams.extend({ keyId: issuedIdSchema }),
        response: { 200: keySummarySchema },
      },
    },
    async (request) => {
      const scope = assertWorkspaceOwner(request, request.params.id);
      const revoked = await revokeWorkspaceKey(context, scope, request.params.id, request.params.keyId);
      apiKeys?.forget(revoked.id);
      return revoked;
    },
  );
}
