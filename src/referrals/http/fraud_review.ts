import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { actorOf } from '../../platform/http/actor.js';
import { auditNoteLengthMax } from '../../platform/rules/audit_note.js';
import { decideFraudFlag } from '../decide_fraud_flag.js';
import { fraudFlagsListMax, listFraudFlags } from '../list_fraud_flags.js';
import { fraudFlagDecisions } from '../storage/fraud_flag_decisions.js';
import { fraudFlagKinds, fraudFlagStatuses } from '../storage/fraud_flags.js';

const jsonObject = z.record(z.string(), z.unknown());
const cents = z.number().int();

const fraudFlagSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(fraudFlagStatuses),
  affiliateId: z.string().nullable(),
  teamId: z.string().nullable(),
  details: jsonObject,
  createdAt: z.string(),
  affiliate: z
    .object({ id: z.string(), name: z.string(), email: z.string(), kind: z.string(), status: z.string() })
    .nullable(),
  team: z
    .object({
      id: z.string(),
      status: z.string(),
      affiliateId: z.string().nullable(),
      source: z.string().nullable(),
    })
    .nullable(),
  commissions: z
    .object({
      count: z.number().int(),
      earnedCents: cents,
      pendingCents: cents,
      vestedCents: cents,
      eligibleCents: cents,
      availableCents: cents,
      reversedCents: cents,
      held: z.boolean(),
    })
    .nullable(),
  decisions: z.array(
    z.object({
      decision: z.string(),
      note: z.string().nullable(),
      decidedBy: z.string(),
      decidedAt: z.string(),
    }),
  ),
});

const decisionOutcomeSchema = z.object({
  flagId: z.string(),
  decision: z.enum(fraudFlagDecisions),
  status: z.enum(fraudFlagStatuses),
  teamId: z.string().nullable(),
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  releasedCents: cents,
  reversedCents: cents,
  owedCents: cents,
});

const flagIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'a fraud flag id');

/** The fraud review queue and the decisions on it (admin). */
export function registerFraudReviewRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/fraud-flags',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Fraud flags for review, newest first, with the team, affiliate, evidence and commissions',
        querystring: z
          .object({
            status: z.enum(fraudFlagStatuses).optional(),
            kind: z.enum(fraudFlagKinds).optional(),
            limit: z.coerce.number().int().min(1).max(fraudFlagsListMax).default(100),
          })
          .strict(),
        response: { 200: z.object({ flags: z.array(fraudFlagSchema) }) },
      },
    },
    async (request) => ({ flags: await listFraudFlags(context, request.query) }),
  );

  app.post(
    '/v1/admin/fraud-flags/:id/decision',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary:
          "Decide an open flag: hold (keep the team's commissions held), release (dismiss) or reverse (confirm fraud)",
        params: z.object({ id: flagIdSchema }),
        body: z
          .object({
            decision: z.enum(fraudFlagDecisions),
            note: z.string().max(auditNoteLengthMax).optional(),
          })
          .strict(),
        response: { 200: decisionOutcomeSchema },
      },
    },
    async (request) =>
      decideFraudFlag(context, {
        flagId: request.params.id,
        decision: request.body.decision,
        note: request.body.note,
        decidedBy: actorOf(request.principal),
      }),
  );
}
