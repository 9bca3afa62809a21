import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { AppError } from '../../platform/rules/errors.js';
import { getReferral } from '../get_referral.js';
import { fraudFlagsListMax, listFraudFlags } from '../list_fraud_flags.js';
import { attributionRules, referralSources } from '../rules/attribution.js';
import { lifecycleEventTypes } from '../rules/lifecycle.js';
import { fraudFlagStatuses } from '../storage/fraud_flags.js';
import { teamIdSchema } from './signups.js';

const jsonObject = z.record(z.string(), z.unknown());

const referralSchema = z.object({
  teamId: z.string(),
  status: z.enum(lifecycleEventTypes),
  affiliateId: z.string().nullable(),
  source: z.enum(referralSources).nullable(),
  rule: z.enum(attributionRules).nullable(),
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

const fraudFlagSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(fraudFlagStatuses),
  affiliateId: z.string().nullable(),
  teamId: z.string().nullable(),
  details: jsonObject,
  createdAt: z.string(),
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

  app.get(
    '/v1/admin/fraud-flags',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Fraud flags for review, newest first',
        querystring: z
          .object({
            status: z.enum(fraudFlagStatuses).optional(),
            limit: z.coerce.number().int().min(1).max(fraudFlagsListMax).default(100),
          })
          .strict(),
        response: { 200: z.object({ flags: z.array(fraudFlagSchema) }) },
      },
    },
    async (request) => ({ flags: await listFraudFlags(context, request.query) }),
  );
}
