import { z } from 'zod';
import { emailField } from '../../accounts/http/sign_in_routes.js';
import type { Mailer } from '../../accounts/mailer.js';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { getWorkspace } from '../get_workspace.js';
import { inviteMember } from '../invite_member.js';
import { listMembers } from '../list_members.js';
import { removeMember } from '../remove_member.js';
import { assertActsForAgency, assertWorkspaceOwner } from './agency_access.js';
import { idParams, issuedIdSchema, memberSchema, workspaceSchema } from './workspace_schemas.js';

const inviteBody = z.object({ email: emailField, role: z.enum(['agency_member', 'agency_owner']) }).strict();

/** The workspace itself and its people: owners invite and remove, everyone in it lists. */
export function registerMemberRoutes({ app, context, guards }: RouteDeps, mailer: Mailer): void {
  app.get(
    '/v1/agencies/:id',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'The agency behind a workspace',
        params: idParams,
        response: { 200: workspaceSchema },
      },
    },
    async (request) =>
      getWorkspace(context, assertActsForAgency(request, request.params.id), request.params.id),
  );

  app.get(
    '/v1/agencies/:id/members',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The workspace's people, oldest first",
        params: idParams,
        response: { 200: z.object({ members: z.array(memberSchema) }) },
      },
    },
    async (request) => ({
      members: await listMembers(context, assertActsForAgency(request, request.params.id), request.params.id),
    }),
  );

  app.post(
    '/v1/agencies/:id/members',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Invite a person (owners only): creates the member and mails a sign-in link',
        params: idParams,
        body: inviteBody,
        response: { 200: memberSchema, 201: memberSchema },
      },
    },
    async (request, reply) => {
      const scope = assertWorkspaceOwner(request, request.params.id);
      const { member, created } = await inviteMember(context, mailer, scope, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(member);
    },
  );

  app.delete(
    '/v1/agencies/:id/members/:userId',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: 'Remove a person (owners only; never the last owner): their sessions end at once',
        params: idParams.extend({ userId: issuedIdSchema }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const scope = assertWorkspaceOwner(request, request.params.id);
      await removeMember(context, scope, request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
