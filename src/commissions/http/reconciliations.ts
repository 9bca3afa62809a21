import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { getReconciliationReport } from '../get_reconciliation_report.js';
import {
  listReconciliationReports,
  reconciliationReportsPageSizeMax,
} from '../list_reconciliation_reports.js';
import { reconcileMonth } from '../reconcile_month.js';
import { mismatchKinds } from '../rules/reconciliation.js';

const count = z.number().int();
const month = z.string().min(1).max(32).describe('YYYY-MM');

const reportSchema = z.object({
  month: z.string(),
  asOf: z.string(),
  teams: z.object({ checked: count, paid: count, live: count, churned: count }),
  mismatches: z.object(
    Object.fromEntries(
      mismatchKinds.map((kind) => [kind, z.object({ count, teamIds: z.array(z.string()) })]),
    ) as {
      [K in (typeof mismatchKinds)[number]]: z.ZodObject<{
        count: typeof count;
        teamIds: z.ZodArray<z.ZodString>;
      }>;
    },
  ),
  reversals: z.object({ teams: count, commissions: count, totalCents: count, owedCents: count }),
  bonuses: z.object({ teams: count, commissions: count, totalCents: count }),
  caps: z.object({
    hits: count,
    cappedCents: count,
    exceeded: count,
    listed: z.array(
      z.object({
        tier: z.enum(['tier3', 'tier4', 'content']),
        affiliateId: z.string(),
        teamId: z.string().nullable(),
        grantedCents: count,
        cappedCents: count,
        capCents: count,
        exceeded: z.boolean(),
      }),
    ),
  }),
  durationMs: count,
  phasesMs: z.object({ population: count, reversals: count, bonuses: count, caps: count }),
  operatorExceptions: z
    .object({ open: count, affiliates: count, amountCents: count, oldestAt: z.string().nullable() })
    .optional(),
});

const summarySchema = z.object({
  month: z.string(),
  asOf: z.string(),
  createdAt: z.string(),
  teamsChecked: count,
  mismatches: count,
  reversals: count,
  reversedCents: count,
  bonuses: count,
  bonusCents: count,
  capHits: count,
});

export function registerReconciliationRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/reconciliations',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['reconciliation'],
        summary: 'Reconciled months, newest first',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(reconciliationReportsPageSizeMax).default(24),
            before: month.optional(),
          })
          .strict(),
        response: { 200: z.object({ reports: z.array(summarySchema), nextBefore: z.string().nullable() }) },
      },
    },
    async (request) => listReconciliationReports(context, request.query),
  );

  app.get(
    '/v1/admin/reconciliations/:month',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['reconciliation'],
        summary: "A reconciled month's report",
        params: z.object({ month }),
        response: { 200: reportSchema },
      },
    },
    async (request) => getReconciliationReport(context, request.params.month),
  );

  app.post(
    '/v1/admin/reconciliations',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['reconciliation'],
        summary: 'Reconcile an ended month now (returns the stored report if it was reconciled already)',
        body: z.object({ month }).strict(),
        response: { 200: reportSchema },
      },
    },
    async (request) => reconcileMonth(context, request.body.month, context.clock.now()),
  );
}
