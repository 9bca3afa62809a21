import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { getRevenueShare } from '../get_revenue_share.js';
import { assertActsForAgency } from './agency_access.js';
import { idParams } from './workspace_schemas.js';

const utcDay = z.iso.date().describe('A UTC day, YYYY-MM-DD');

const revenueShareSchema = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.literal('month'),
  totals: z.object({
    earnedCents: z.number().int(),
    clients: z.number().int().describe('Client teams with a Tier 4 commission earned in the range'),
  }),
  byClient: z.array(
    z.object({
      teamId: z.string(),
      projectId: z.string().nullable().describe('The project handed off to this team, if any'),
      projectName: z.string().nullable(),
      series: z.array(z.object({ start: z.string(), earnedCents: z.number().int() })),
      totalCents: z.number().int(),
    }),
  ),
});

/** The agency's Tier 4 revenue share per client and month (agency users and keys, or admin). */
export function registerRevenueShareRoute({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/agencies/:id/revenue-share',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['agencies'],
        summary:
          'Tier 4 earned per client team and UTC month: granted after the cap minus reversed, in the month earned',
        params: idParams,
        querystring: z
          .object({
            from: utcDay.optional().describe('First day, included; default the first day of 11 months ago'),
            to: utcDay.optional().describe('Last day, included; default today'),
            interval: z.literal('month').default('month'),
          })
          .strict(),
        response: { 200: revenueShareSchema },
      },
    },
    async (request) => {
      const scope = assertActsForAgency(request, request.params.id);
      return getRevenueShare(context, scope, {
        agencyId: request.params.id,
        from: request.query.from,
        to: request.query.to,
      });
    },
  );
}
