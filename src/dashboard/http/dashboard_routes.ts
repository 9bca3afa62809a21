import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { assertCanSeeAffiliate } from '../../platform/http/auth.js';
import { contentTagPattern } from '../../tracking/rules/links.js';
import { funnelIntervals } from '../funnel_report.js';
import { getFunnel } from '../get_funnel.js';
import { listAffiliateLinks } from '../list_links.js';
import { listAffiliateReferrals, referralStatuses } from '../list_referrals.js';
import { dashboardPageSizeDefault, dashboardPageSizeMax } from '../page_cursor.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const utcDay = z.iso.date().describe('A UTC day, YYYY-MM-DD');
const pageQuery = {
  limit: z.coerce.number().int().min(1).max(dashboardPageSizeMax).default(dashboardPageSizeDefault),
  cursor: z.string().min(1).max(500).optional(),
};

const counts = {
  clicks: z.number().int(),
  signups: z.number().int(),
  activated: z.number().int(),
  paid: z.number().int(),
  sustained: z.number().int(),
};
const rate = z.number().nullable();
const rates = z
  .object({
    clickToSignup: rate,
    signupToActivated: rate,
    activatedToPaid: rate,
    paidToSustained: rate,
    clickToPaid: rate,
  })
  .describe('Stage-to-stage conversion, 0–1; null when the earlier stage is zero');

const funnelSchema = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(funnelIntervals),
  totals: z.object({ ...counts, rates }),
  series: z.array(z.object({ start: z.string(), ...counts })),
  byLink: z.array(z.object({ linkId: z.string().nullable(), code: z.string().nullable(), ...counts, rates })),
  byTag: z.array(z.object({ tag: z.string().nullable(), ...counts, rates })),
});

const linkSchema = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  destination: z.string(),
  tag: z.string().nullable(),
  createdAt: z.string(),
  disabled: z.boolean(),
  clicks: z.number().int(),
});

const referralSchema = z.object({
  teamId: z.string(),
  email: z.string().describe('Masked: first letter and domain'),
  status: z.string(),
  source: z.string().nullable(),
  rule: z.string().nullable(),
  linkId: z.string().nullable(),
  linkCode: z.string().nullable(),
  tag: z.string().nullable(),
  signedUpAt: z.string(),
  activatedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  sustainedAt: z.string().nullable(),
  churnedAt: z.string().nullable(),
  evidence: z.object({
    rule: z.string().nullable(),
    clickId: z.string().nullable(),
    clickedAt: z.string().nullable(),
    attributionModel: z.string().nullable(),
    cookieWindowDays: z.number().int().nullable(),
    windowStart: z.string().nullable(),
    matched: z.record(z.string(), z.unknown()).nullable(),
  }),
});

/** What an affiliate's own pages read: the funnel, its links and its referrals (admin or the affiliate). */
export function registerDashboardRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/affiliates/:id/funnel',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['dashboard'],
        summary: "The affiliate's funnel by day, week or month, per link and per content tag",
        params: idParams,
        querystring: z
          .object({
            from: utcDay.optional(),
            to: utcDay.optional(),
            interval: z.enum(funnelIntervals).default('day'),
          })
          .strict(),
        response: { 200: funnelSchema },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return getFunnel(context, { affiliateId: request.params.id, ...request.query });
    },
  );

  app.get(
    '/v1/affiliates/:id/links',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['dashboard'],
        summary: "The affiliate's links, newest first, with their counted clicks",
        params: idParams,
        querystring: z
          .object({ ...pageQuery, tag: z.string().regex(contentTagPattern, 'a content tag').optional() })
          .strict(),
        response: { 200: z.object({ links: z.array(linkSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return listAffiliateLinks(context, { affiliateId: request.params.id, ...request.query });
    },
  );

  app.get(
    '/v1/affiliates/:id/referrals',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['dashboard'],
        summary: "The affiliate's referred teams, newest first, with stage dates and attribution evidence",
        params: idParams,
        querystring: z.object({ ...pageQuery, status: z.enum(referralStatuses).optional() }).strict(),
        response: {
          200: z.object({ referrals: z.array(referralSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return listAffiliateReferrals(context, { affiliateId: request.params.id, ...request.query });
    },
  );
}
