import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import {
  commissionsPageSizeMax,
  listAffiliateCommissions,
} from '../../commissions/list_affiliate_commissions.js';
import { commissionTiers } from '../../commissions/rules/tiers.js';
import { assertCanSeeAffiliate } from '../../platform/http/auth.js';
import { getAffiliateBalance } from '../get_affiliate_balance.js';
import { verifyLedger } from '../verify_ledger.js';

const cents = z.number().int();
const idParams = z.object({ id: z.string().min(1).max(64) });

const verificationSchema = z.object({
  balanced: z.boolean(),
  transfers: z.number().int(),
  entries: z.number().int(),
  unbalancedTransfers: z.number().int(),
  mismatchedAccounts: z.number().int(),
});

const balanceSchema = z.object({
  pendingCents: cents,
  vestedCents: cents,
  eligibleCents: cents,
  availableCents: cents,
  inTransitCents: cents,
  paidCents: cents,
  owedCents: cents.describe('What the affiliate owes after a clawback; repaid first by later releases'),
});

const commissionSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  tier: z.enum(commissionTiers),
  state: z.enum(['pending', 'vested', 'eligible', 'available', 'reversed', 'capped']),
  amountCents: cents,
  cappedCents: cents.describe('What a cap or ceiling cut off this commission'),
  reversedCents: cents,
  remainingCents: cents,
  rateBasisPoints: z.number().int().nullable(),
  invoiceId: z.string().nullable(),
  invoiceAmountCents: cents.nullable(),
  cause: z.string(),
  earnedAt: z.string(),
  createdAt: z.string(),
  vestedAt: z.string().nullable(),
  eligibleAt: z.string().nullable(),
  availableAt: z.string().nullable(),
  reversedAt: z.string().nullable(),
  expectedAvailableAt: z
    .string()
    .nullable()
    .describe('When it is expected in the available balance; null while pending, reversed or capped'),
});

const commissionsQuery = z
  .object({
    state: z.enum(['pending', 'vested', 'eligible', 'available', 'reversed', 'capped']).optional(),
    limit: z.coerce.number().int().min(1).max(commissionsPageSizeMax).default(100),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

export function registerLedgerRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/ledger/verify',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['ledger'],
        summary: 'Check that every transfer balances and every account equals the sum of its entries',
        response: { 200: verificationSchema },
      },
    },
    async () => verifyLedger(context),
  );

  app.get(
    '/v1/affiliates/:id/balance',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['ledger'],
        summary: "An affiliate's balances by state, in cents (admin, or the affiliate itself)",
        params: idParams,
        response: { 200: balanceSchema },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return getAffiliateBalance(context, request.params.id);
    },
  );

  app.get(
    '/v1/affiliates/:id/commissions',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['ledger'],
        summary:
          "An affiliate's commissions, newest first, optionally in one state (admin, or the affiliate itself)",
        params: idParams,
        querystring: commissionsQuery,
        response: {
          200: z.object({ commissions: z.array(commissionSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      return listAffiliateCommissions(context, { affiliateId: request.params.id, ...request.query });
    },
  );
}
