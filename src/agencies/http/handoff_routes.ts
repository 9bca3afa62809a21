import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { teamIdSchema } from '../../referrals/http/signups.js';
import { referralSources } from '../../referrals/rules/attribution.js';
import { handOffProject } from '../hand_off_project.js';
import { listHandoffs } from '../list_handoffs.js';
import { assertActsForAgency, workspaceScopeOfRequest } from './agency_access.js';
import { handoffSummarySchema } from './project_schemas.js';
import { authorOfRequest } from './request_author.js';
import { idParams } from './workspace_schemas.js';

const handoffSchema = z.object({
  projectId: z.string(),
  teamId: z.string(),
  handedOffAt: z.string(),
  attributed: z
    .boolean()
    .describe(
      "Whether the team is the agency's; with source agency it earns Tier 4 from its first paid invoice",
    ),
  source: z.enum(referralSources).nullable(),
  affiliateId: z.string().nullable(),
  conflictFlagId: z
    .string()
    .optional()
    .describe('Another partner already held the team: the review flag sent to the program manager'),
  configurationVersion: z.number().int(),
  referralTag: z
    .string()
    .nullable()
    .describe("The agency's referral tag the client inherits (its first link's code)"),
});

/** Hand-off of a project to the client's team, and the workspace's hand-offs. */
export function registerHandoffRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/projects/:id/handoff',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "Hand the project off to the client's team (idempotent); emits project.handed_off",
        params: idParams,
        body: z.object({ teamId: teamIdSchema }).strict(),
        response: { 200: handoffSchema },
      },
    },
    async (request) =>
      handOffProject(context, workspaceScopeOfRequest(request), {
        projectId: request.params.id,
        teamId: request.body.teamId,
        handedOffBy: authorOfRequest(request),
      }),
  );

  app.get(
    '/v1/agencies/:id/handoffs',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The workspace's hand-offs, newest first (at most 500)",
        params: idParams,
        response: {
          200: z.object({
            handoffs: z.array(
              handoffSummarySchema.extend({
                projectId: z.string(),
                projectName: z.string(),
                configurationVersion: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const scope = assertActsForAgency(request, request.params.id);
      return { handoffs: await listHandoffs(context, scope, request.params.id) };
    },
  );
}
