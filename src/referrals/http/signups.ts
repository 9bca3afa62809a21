import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { teamIdPattern, teamIdRule } from '../../platform/rules/external_ids.js';
import { recordTeamMembers, teamMembersMax } from '../record_team_members.js';
import { teamAttributionRules } from '../rules/attribution.js';
import { trackSignup } from '../track_signup.js';

const isoTime = z.iso.datetime({ offset: true });
/** Team ids come from the EmDash backend and appear in URLs: keep them URL-safe. */
export const teamIdSchema = z.string().regex(teamIdPattern, teamIdRule);

const signupBody = z
  .object({
    teamId: teamIdSchema,
    email: z.string().trim().max(320).pipe(z.email()),
    // Taken from a cookie the visitor controls: any string is looked up, an unknown one just does not match.
    clickId: z
      .string()
      .max(256)
      .regex(/^[\x21-\x7e]*$/, 'printable ASCII without spaces')
      .transform((value) => value || undefined)
      .optional(),
    occurredAt: isoTime.optional(),
  })
  .strict();

const signupAnswer = z.object({
  teamId: z.string(),
  attributed: z.boolean(),
  affiliateId: z.string().optional(),
  rule: z.enum(teamAttributionRules).nullable(),
});

const membersBody = z
  .object({
    teamId: teamIdSchema,
    members: z.number().int().min(1).max(teamMembersMax),
    occurredAt: isoTime.optional(),
  })
  .strict();

export function registerSignupRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/track/signup',
    {
      preHandler: guards.track,
      schema: {
        tags: ['tracking'],
        summary: 'Report a signup; attributes the team once (repeating it changes nothing)',
        body: signupBody,
        response: { 200: signupAnswer },
      },
    },
    async (request) =>
      trackSignup(context, {
        ...request.body,
        occurredAt: request.body.occurredAt ? new Date(request.body.occurredAt) : undefined,
      }),
  );

  app.post(
    '/v1/track/members',
    {
      preHandler: guards.track,
      schema: {
        tags: ['tracking'],
        summary: "Report a team's number of members",
        body: membersBody,
        response: { 200: z.object({ teamId: z.string(), members: z.number().int() }) },
      },
    },
    async (request) =>
      recordTeamMembers(context, {
        ...request.body,
        occurredAt: request.body.occurredAt ? new Date(request.body.occurredAt) : undefined,
      }),
  );
}
