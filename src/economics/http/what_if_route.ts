import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { commissionTiers } from '../../commissions/rules/tiers.js';
import { whatIfSettingsChangesSchema } from '../rules/what_if_settings.js';
import { replayWhatIf } from '../what_if.js';

const cents = z.number().int();
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('A UTC day (YYYY-MM-DD, from its start) or an ISO 8601 time');

const byTierSchema = z.object(
  Object.fromEntries(commissionTiers.map((tier) => [tier, cents])) as Record<
    (typeof commissionTiers)[number],
    typeof cents
  >,
);

const figuresSchema = z.object({
  commissionsCents: cents.describe('net commissions earned in the range: granted − reversed'),
  grantedCents: cents,
  cappedCents: cents.describe('what caps cut off'),
  reversedCents: cents.describe('refunds, early churn, out-of-window (and, in the ledger, manual reversals)'),
  releasedCents: cents.describe("net commissions released to the affiliates' available balance"),
  byTier: byTierSchema.describe('net commissions per tier'),
  revenueCents: cents.describe(
    'paid invoices of referred teams in the range, net of refunds (the same in every column)',
  ),
  roi: z.number().nullable().describe('revenue ÷ net commissions, one decimal; null without commissions'),
  paidCents: cents
    .nullable()
    .describe('the ledger only: payouts paid in the range; null in a replay, which reruns no payouts'),
});

const differenceSchema = figuresSchema.omit({ paidCents: true });

export const whatIfResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string().describe('the program time the replay read history up to'),
  settingsChanged: z.record(z.string(), z.object({ current: z.unknown(), whatIf: z.unknown() })),
  teams: z.number().int().describe('attributed teams replayed'),
  actual: figuresSchema.describe('what the ledger recorded'),
  replayedCurrent: figuresSchema.describe('the replay with the settings in force (a self-check)'),
  whatIf: figuresSchema.describe('the replay with the changed settings'),
  difference: differenceSchema.describe('whatIf − replayedCurrent: what the changed settings alone change'),
  selfCheck: z.object({
    matches: z.boolean().describe('every commission replayed with the settings in force equals the ledger'),
    differenceCents: cents.describe('replayedCurrent − actual, net commissions'),
    commissionsDiffering: z.number().int(),
    sample: z.array(
      z.object({
        commissionId: z.string(),
        teamId: z.string(),
        tier: z.enum(commissionTiers),
        actualCents: cents,
        replayedCents: cents,
      }),
    ),
  }),
  byMonth: z.array(
    z.object({
      month: z.string(),
      revenueCents: cents,
      actualCents: cents,
      replayedCurrentCents: cents,
      whatIfCents: cents,
    }),
  ),
  byAffiliate: z
    .array(
      z.object({
        affiliateId: z.string(),
        actualCents: cents,
        replayedCurrentCents: cents,
        whatIfCents: cents,
        differenceCents: cents,
      }),
    )
    .describe('the 20 affiliates the change moves most'),
});

export function registerWhatIfRoute({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/admin/what-if',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['economics'],
        summary: 'What changed program settings would have granted over recorded history; writes nothing',
        body: z
          .object({
            settings: whatIfSettingsChangesSchema.describe(
              'changed program settings; only commission settings can be replayed, others answer 400',
            ),
            from: instant.optional(),
            to: instant.optional(),
          })
          .strict(),
        response: { 200: whatIfResponseSchema },
      },
    },
    async (request) =>
      replayWhatIf(context, {
        settings: request.body.settings,
        from: request.body.from === undefined ? undefined : new Date(request.body.from),
        to: request.body.to === undefined ? undefined : new Date(request.body.to),
      }),
  );
}
