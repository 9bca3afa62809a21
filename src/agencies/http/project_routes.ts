import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { hostnameLengthMax } from '../../referrals/rules/domain_claims.js';
import { createProject } from '../create_project.js';
import { getProject } from '../get_project.js';
import { listProjects } from '../list_projects.js';
import { configurationSchema } from '../rules/configuration.js';
import { assertActsForAgency, workspaceScopeOfRequest } from './agency_access.js';
import { projectSchema, projectSummarySchema } from './project_schemas.js';
import { authorOfRequest } from './request_author.js';
import { idParams } from './workspace_schemas.js';

const newProjectBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    clientDomain: z
      .string()
      .max(hostnameLengthMax + 1)
      .nullable()
      .optional()
      .describe("The client's company domain, e.g. client.example"),
    configuration: configurationSchema,
  })
  .strict();

/** Client projects of an agency workspace: create, list, read. */
export function registerProjectRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/agencies/:id/projects',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Create a client project with its configuration as version 1',
        params: idParams,
        body: newProjectBody,
        response: { 201: projectSchema },
      },
    },
    async (request, reply) => {
      const scope = assertActsForAgency(request, request.params.id);
      const project = await createProject(context, scope, {
        agencyId: request.params.id,
        name: request.body.name,
        clientDomain: request.body.clientDomain ?? null,
        configuration: request.body.configuration,
        author: authorOfRequest(request),
      });
      return reply.code(201).send(project);
    },
  );

  app.get(
    '/v1/agencies/:id/projects',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The workspace's client projects, newest first (at most 500)",
        params: idParams,
        response: { 200: z.object({ projects: z.array(projectSummarySchema) }) },
      },
    },
    async (request) => {
      const scope = assertActsForAgency(request, request.params.id);
      return { projects: await listProjects(context, scope, request.params.id) };
    },
  );

  app.get(
    '/v1/projects/:id',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'A client project with its current configuration and hand-off',
        params: idParams,
        response: { 200: projectSchema },
      },
    },
    async (request) => getProject(context, workspaceScopeOfRequest(request), request.params.id),
  );
}
