import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { actorOf } from '../../platform/http/actor.js';
import { fraudFlagStatuses } from '../../referrals/storage/fraud_flags.js';
import { claimClientDomain } from '../claim_client_domain.js';
import { listClientDomains } from '../list_client_domains.js';
import { domainDisputesListMax, listDomainDisputes } from '../list_domain_disputes.js';
import { resolveDomainDispute } from '../resolve_domain_dispute.js';
import { assertActsForAgency } from './agency_access.js';
import { clientDomainSchema, idParams, issuedIdSchema } from './workspace_schemas.js';

const claimBody = z.object({ domain: z.string().max(300) }).strict();

const resolutionSchema = z.object({
  flagId: z.string(),
  domain: z.string(),
  award: z.string(),
  status: z.enum(['confirmed', 'dismissed']),
  moved: z.boolean(),
  resolvedAt: z.string(),
  resolvedBy: z.string(),
});

const disputeSchema = z.object({
  flagId: z.string(),
  status: z.enum(fraudFlagStatuses),
  domain: z.string(),
  claimantId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** Client domains an agency claims, and the program manager's side of disputed ones. */
export function registerClientDomainRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/agencies/:id/client-domains',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary: "The workspace's client domains, oldest first",
        params: idParams,
        response: { 200: z.object({ clientDomains: z.array(clientDomainSchema) }) },
      },
    },
    async (request) => ({
      clientDomains: await listClientDomains(
        context,
        assertActsForAgency(request, request.params.id),
        request.params.id,
      ),
    }),
  );

  app.post(
    '/v1/agencies/:id/client-domains',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary:
          "Claim a client's company domain: its signups are the agency's for good (409 and a review flag when another agency holds it)",
        params: idParams,
        body: claimBody,
        response: { 200: clientDomainSchema, 201: clientDomainSchema },
      },
    },
    async (request, reply) => {
      const scope = assertActsForAgency(request, request.params.id);
      const { claim, created } = await claimClientDomain(context, scope, request.params.id, {
        domain: request.body.domain,
        actor: actorOf(request.principal),
      });
      return reply.code(created ? 201 : 200).send(claim);
    },
  );

  app.get(
    '/v1/admin/domain-disputes',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['agencies'],
        summary: 'Domain disputes between agencies, newest first (open ones by default)',
        querystring: z
          .object({
            status: z.enum(fraudFlagStatuses).default('open'),
            limit: z.coerce.number().int().min(1).max(domainDisputesListMax).default(100),
          })
          .strict(),
        response: { 200: z.object({ disputes: z.array(disputeSchema) }) },
      },
    },
    async (request) => ({ disputes: await listDomainDisputes(context, request.query) }),
  );

  app.post(
    '/v1/admin/domain-disputes/:flagId/resolve',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['agencies'],
        summary: 'Award a disputed domain to the claimant (the claim moves) or its holder; closes the flag',
        params: z.object({ flagId: issuedIdSchema }),
        body: z.object({ award: issuedIdSchema }).strict(),
        response: { 200: resolutionSchema },
      },
    },
    async (request) =>
      resolveDomainDispute(context, {
        flagId: request.params.flagId,
        award: request.body.award,
        resolvedBy: actorOf(request.principal),
      }),
  );
}
