import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { diffConfigurationVersions } from '../diff_configuration_versions.js';
import { listVersions, versionsListedMax } from '../list_configuration_versions.js';
import { rollbackConfiguration } from '../rollback_configuration.js';
import { configurationSchema } from '../rules/configuration.js';
import { updateConfiguration } from '../update_configuration.js';
import { workspaceScopeOfRequest } from './agency_access.js';
import { messageSchema, versionNumberSchema, versionSchema } from './project_schemas.js';
import { authorOfRequest } from './request_author.js';
import { idParams } from './workspace_schemas.js';

const changeSchema = z.object({
  path: z.string().describe('e.g. models.default, rules[2].instructions; $ for the whole document'),
  op: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/** A project's configuration: save a version, its history, the diff of two versions, rollback. */
export function registerConfigurationRoutes({ app, context, guards }: RouteDeps): void {
  app.put(
    '/v1/projects/:id/configuration',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary:
          "Save the project's configuration as a new version (an unchanged one answers the current version)",
        params: idParams,
        body: z.object({ configuration: configurationSchema, message: messageSchema }).strict(),
        response: { 200: versionSchema },
      },
    },
    async (request) => {
      const { created: _created, ...version } = await updateConfiguration(
        context,
        workspaceScopeOfRequest(request),
        {
          projectId: request.params.id,
          configuration: request.body.configuration,
          author: authorOfRequest(request),
          message: request.body.message || null,
        },
      );
      return version;
    },
  );

  app.get(
    '/v1/projects/:id/configuration/versions',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The project's configuration versions, newest first",
        params: idParams,
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(versionsListedMax).default(versionsListedMax),
            before: versionNumberSchema.optional().describe('Only versions older than this one (next page)'),
          })
          .strict(),
        response: { 200: z.object({ versions: z.array(versionSchema) }) },
      },
    },
    async (request) => ({
      versions: await listVersions(context, workspaceScopeOfRequest(request), {
        projectId: request.params.id,
        before: request.query.before ?? null,
        limit: request.query.limit,
      }),
    }),
  );

  app.get(
    '/v1/projects/:id/configuration/diff',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'What changed between two configuration versions (jsondiffpatch delta and a readable list)',
        params: idParams,
        querystring: z.object({ from: versionNumberSchema, to: versionNumberSchema }).strict(),
        response: {
          200: z.object({
            from: z.number().int(),
            to: z.number().int(),
            changes: z.array(changeSchema),
            delta: z.unknown().describe("jsondiffpatch's delta from `from` to `to`; null when equal"),
          }),
        },
      },
    },
    async (request) =>
      diffConfigurationVersions(context, workspaceScopeOfRequest(request), {
        projectId: request.params.id,
        from: request.query.from,
        to: request.query.to,
      }),
  );

  app.post(
    '/v1/projects/:id/configuration/rollback',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Roll back to an earlier version: a new version equal to it',
        params: idParams,
        body: z.object({ version: versionNumberSchema, message: messageSchema }).strict(),
        response: { 200: versionSchema },
      },
    },
    async (request) => {
      const { created: _created, ...version } = await rollbackConfiguration(
        context,
        workspaceScopeOfRequest(request),
        {
          projectId: request.params.id,
          version: request.body.version,
          author: authorOfRequest(request),
          message: request.body.message || null,
        },
      );
      return version;
    },
  );
}
