import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { actorOf } from '../../platform/http/actor.js';
import { auditNoteLengthMax } from '../../platform/rules/audit_note.js';
import { notFound } from '../../platform/rules/errors.js';
import { approvePayoutRun } from '../approve_payout_run.js';
import { cancelPayoutRun } from '../cancel_payout_run.js';
import { getPayoutRun, type PayoutRunView } from '../get_payout_run.js';
import { listPayoutRuns, payoutRunsPageSizeMax } from '../list_payout_runs.js';
import { payoutRunStates } from '../rules/payout_runs.js';
import { payoutProviders } from '../rules/payouts.js';
import { payoutSchema, payoutView } from './payouts.js';

const runIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_]+$/, 'a payout run id such as run_20260401T060000Z'),
});

const runSchema = z.object({
  id: z.string(),
  asOf: z.string(),
  provider: z.enum(payoutProviders),
  state: z.enum(payoutRunStates),
  approvalRequired: z.boolean(),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  note: z.string().nullable(),
  totals: z.object({
    payouts: z.number().int(),
    totalCents: z.number().int(),
    paid: z.number().int(),
    failed: z.number().int(),
    open: z.number().int(),
  }),
});

/** An optional note for the audit trail; the body itself may be left out. */
const noteBody = z
  .object({ note: z.string().max(auditNoteLengthMax).optional() })
  .strict()
  .nullish();

function runView(run: PayoutRunView) {
  return {
    id: run.id,
    asOf: run.asOf.toISOString(),
    provider: run.provider,
    state: run.state,
    approvalRequired: run.approvalRequired,
    createdAt: run.createdAt.toISOString(),
    approvedBy: run.approvedBy,
    approvedAt: run.approvedAt?.toISOString() ?? null,
    sentAt: run.sentAt?.toISOString() ?? null,
    cancelledBy: run.cancelledBy,
    cancelledAt: run.cancelledAt?.toISOString() ?? null,
    note: run.note,
    totals: run.totals,
  };
}

/** Payout run history and approval (admin). */
export function registerPayoutRunRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/payout-runs',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Payout runs newest first: as-of, state, payout count, total cents, approver',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(payoutRunsPageSizeMax).default(50),
            cursor: z.string().min(1).max(500).optional(),
          })
          .strict(),
        response: { 200: z.object({ runs: z.array(runSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const page = await listPayoutRuns(context, request.query);
      return { runs: page.runs.map(runView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/admin/payout-runs/:id',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'One payout run with its payouts',
        params: runIdParams,
        response: { 200: runSchema.extend({ payouts: z.array(payoutSchema) }) },
      },
    },
    async (request) => {
      const run = await getPayoutRun(context, request.params.id);
      if (!run) throw notFound('payout run', request.params.id, 'id');
      return { ...runView(run), payouts: run.payouts.map(payoutView) };
    },
  );

  app.post(
    '/v1/admin/payout-runs/:id/approve',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Approve a run awaiting approval: its payouts are sent (again for one left unsent)',
        params: runIdParams,
        body: noteBody,
        response: { 200: runSchema },
      },
    },
    async (request) =>
      runView(
        await approvePayoutRun(context, {
          runId: request.params.id,
          approvedBy: actorOf(request.principal),
          note: request.body?.note,
        }),
      ),
  );

  app.post(
    '/v1/admin/payout-runs/:id/cancel',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Cancel a run awaiting approval: its payouts fail and their money returns to available',
        params: runIdParams,
        body: noteBody,
        response: { 200: runSchema },
      },
    },
    async (request) =>
      runView(
        await cancelPayoutRun(context, {
          runId: request.params.id,
          cancelledBy: actorOf(request.principal),
          note: request.body?.note,
        }),
      ),
  );
}
