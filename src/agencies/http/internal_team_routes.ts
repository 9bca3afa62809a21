import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { actorOf } from '../../platform/http/actor.js';
import { listInternalTeams } from '../list_internal_teams.js';
import { markInternalTeam } from '../mark_internal_team.js';
import { assertActsForAgency } from './agency_access.js';
import { idParams, internalTeamBody, internalTeamSchema } from './workspace_schemas.js';

/** The agency's own teams: free, never earning. */
export function registerInternalTeamRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/agencies/:id/internal-teams',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Teams the agency marked its own, oldest first',
        params: idParams,
        response: { 200: z.object({ internalTeams: z.array(internalTeamSchema) }) },
      },
    },
    async (request) => ({
      internalTeams: await listInternalTeams(
        context,
        assertActsForAgency(request, request.params.id),
        request.params.id,
      ),
    }),
  );

  app.post(
    '/v1/agencies/:id/internal-teams',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "Mark a team the agency's own: it never earns a commission (unreleased ones are reversed)",
        params: idParams,
        body: internalTeamBody,
        response: {
          200: internalTeamSchema,
          201: internalTeamSchema.extend({
            reversedCommissions: z.number().int(),
            reversedCents: z.number().int(),
          }),
        },
      },
    },
    async (request, reply) => {
      const scope = assertActsForAgency(request, request.params.id);
      const result = await markInternalTeam(context, scope, request.params.id, {
        teamId: request.body.teamId,
        actor: actorOf(request.principal),
      });
      if (!result.created) return reply.code(200).send(result.internalTeam);
      return reply.code(201).send({
        ...result.internalTeam,
        reversedCommissions: result.reversedCommissions,
        reversedCents: result.reversedCents,
      });
    },
  );
}
