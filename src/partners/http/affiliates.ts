import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { assertCanSeeAffiliate, canSeeAffiliate } from '../../platform/http/auth.js';
import { AppError } from '../../platform/rules/errors.js';
import { createLink } from '../../tracking/create_link.js';
import { getLink } from '../../tracking/get_link.js';
import { contentTagPattern, isAllowedDestination, linkCodePattern } from '../../tracking/rules/links.js';
import { createAffiliate, getAffiliate } from '../create_affiliate.js';

const affiliateSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['developer', 'agency']),
  status: z.enum(['pending', 'active', 'rejected', 'suspended']),
  createdAt: z.string(),
});

const createAffiliateBody = z
  .object({
    email: z.string().trim().max(320).pipe(z.email()),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['developer', 'agency']).default('developer'),
  })
  .strict();

const createLinkBody = z
  .object({
    affiliateId: z.string().min(1).max(64),
    destination: z
      .string()
      .max(2048)
      .refine(isAllowedDestination, 'must be an absolute http(s) URL')
      .optional(),
    tag: z.string().regex(contentTagPattern, 'letters, digits, dot, dash and underscore, 1–64').optional(),
    code: z.string().regex(linkCodePattern, 'letters, digits, dash and underscore, 3–64').optional(),
  })
  .strict();

const linkSchema = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  affiliateId: z.string(),
  destination: z.string(),
  tag: z.string().nullable(),
  createdAt: z.string(),
});

const funnelSchema = z.object({
  clicks: z.number().int(),
  signups: z.number().int(),
  activated: z.number().int(),
  paid: z.number().int(),
  sustained: z.number().int(),
});

const idParams = z.object({ id: z.string().min(1).max(64) });
const codeParams = z.object({ code: z.string().min(1).max(64) });

export function registerAffiliateRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/affiliates',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['affiliates'],
        summary: 'Create an affiliate',
        body: createAffiliateBody,
        response: { 201: affiliateSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createAffiliate(context, request.body)),
  );

  app.get(
    '/v1/affiliates/:id',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['affiliates'],
        summary: 'Read an affiliate',
        params: idParams,
        response: { 200: affiliateSchema },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      const affiliate = await getAffiliate(context, request.params.id);
      if (!affiliate) throw new AppError('not_found', `affiliate ${request.params.id} does not exist`);
      return affiliate;
    },
  );

  app.post(
    '/v1/links',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['links'],
        summary: 'Create a referral link (admin, or the affiliate itself)',
        body: createLinkBody,
        response: { 201: linkSchema },
      },
    },
    async (request, reply) => {
      assertCanSeeAffiliate(request.principal, request.body.affiliateId);
      return reply.code(201).send(await createLink(context, request.body));
    },
  );

  app.get(
    '/v1/links/:code',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['links'],
        summary: 'A link and its funnel counts',
        params: codeParams,
        response: { 200: linkSchema.extend(funnelSchema.shape).extend({ funnel: funnelSchema }) },
      },
    },
    async (request) => {
      const link = await getLink(context, request.params.code);
      // Another affiliate's link answers as a missing one: naming its owner would leak who it is.
      if (!link || !canSeeAffiliate(request.principal, link.affiliateId)) {
        throw new AppError('not_found', `link ${request.params.code} does not exist`);
      }
      return link;
    },
  );
}
