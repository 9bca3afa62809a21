import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { claimDomain } from '../claim_domain.js';
import { domainClaimsListMax, listDomainClaims } from '../list_domain_claims.js';
import { hostnameLengthMax } from '../rules/domain_claims.js';

const claimSchema = z.object({ domain: z.string(), affiliateId: z.string(), createdAt: z.string() });

/** Ids this service issues: prefix, underscore, base62. */
const affiliateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an affiliate id');

const claimBody = z
  .object({
    domain: z.string().trim().toLowerCase().max(hostnameLengthMax),
    affiliateId: affiliateIdSchema,
  })
  .strict();

export function registerDomainClaimRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/domain-claims',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['agencies'],
        summary: "Claim a client's company domain for an agency (its signups are the agency's)",
        body: claimBody,
        response: { 200: claimSchema, 201: claimSchema },
      },
    },
    async (request, reply) => {
      const { claim, created } = await claimDomain(context, request.body);
      return reply.code(created ? 201 : 200).send(claim);
    },
  );

  app.get(
    '/v1/domain-claims',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['agencies'],
        summary: 'Domain claims, of one agency or all, oldest first',
        querystring: z
          .object({
            affiliateId: affiliateIdSchema.optional(),
            limit: z.coerce.number().int().min(1).max(domainClaimsListMax).default(domainClaimsListMax),
          })
          .strict(),
        response: { 200: z.object({ claims: z.array(claimSchema) }) },
      },
    },
    async (request) => ({ claims: await listDomainClaims(context, request.query) }),
  );
}
