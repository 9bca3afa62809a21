import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { AppError } from '../../platform/rules/errors.js';
import { getReferral } from '../get_referral.js';
import { referralSources, teamAttributionRules } from '../rules/attribution.js';
import { lifecycleEventTypes } from '../rules/lifecycle.js';
import { teamIdSchema } from './signups.js';

const jsonObject = z.record(z.string(), z.unknown());

const referralSchema = z.object({
  teamId: z.string(),
  status: z.enum(lifecycleEventTypes),
  affiliateId: z.string().nullable(),
  source: z.enum(referralSources).nullable(),
  rule: z.enum(teamAttributionRules).nullable(),
  tag: z.string().nullable(),
  linkId: z.string().nullable(),
  clickId: z.string().nullable(),
  emailDomain: z.string(),
  members: z.number().int(),
  signedUpAt: z.string(),
  events: z.array(
    z.object({
      type: z.string(),
      cause: z.string(),
      occurredAt: z.string(),
      recordedAt: z.string(),
      data: jsonObject,
    }),
  ),
  evidence: jsonObject,
});

export function registerReferralRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/referrals/:teamId',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['referrals'],
        summary: 'A team: status, affiliate, source, lifecycle events and attribution evidence',
        params: z.object({ teamId: teamIdSchema }),
        response: { 200: referralSchema },
      },
    },
    async (request) => {
      const referral = await getReferral(context, request.params.teamId);
      if (!referral) throw new AppError('not_found', `team ${request.params.teamId} never signed up`);
      return referral;
    },
  );
}
