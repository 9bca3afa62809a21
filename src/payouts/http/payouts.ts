import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { assertCanSeeAffiliate } from '../../platform/http/auth.js';
import { AppError } from '../../platform/rules/errors.js';
import { connectPayoutAccount } from '../connect_payout_account.js';
import { exportCsvPayouts } from '../export_csv_payouts.js';
import { getPayoutAccount } from '../get_payout_account.js';
import { importCsvPayouts } from '../import_csv_payouts.js';
import { listPayouts, payoutsPageSizeMax } from '../list_payouts.js';
import { payoutImportRowsMax } from '../rails/csv_provider.js';
import { payoutAccountStatuses, payoutProviders, payoutStates } from '../rules/payouts.js';
import type { PayoutAccount } from '../storage/payout_accounts.js';
import type { Payout } from '../storage/payouts.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2_000)
  .optional();

const connectBody = z
  .object({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. US')
      .optional(),
    refreshUrl: httpUrl,
    returnUrl: httpUrl,
  })
  .strict()
  .default({});

const accountSchema = z.object({
  accountId: z.string(),
  status: z.enum(payoutAccountStatuses),
  payoutsEnabled: z.boolean(),
  transfersCapability: z.string(),
  detailsSubmitted: z.boolean(),
  requirementsDue: z.array(z.string()),
  updatedAt: z.string(),
});

export const payoutSchema = z.object({
  id: z.string(),
  affiliateId: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  provider: z.enum(payoutProviders),
  state: z.enum(payoutStates),
  destinationAccountId: z.string().nullable(),
  providerTransferId: z.string().nullable(),
  reference: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  failureReason: z.string().nullable(),
  reversedCents: z.number().int(),
  asOf: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  failedAt: z.string().nullable(),
});

const listQuery = z
  .object({
    state: z.enum(payoutStates).optional(),
    limit: z.coerce.number().int().min(1).max(payoutsPageSizeMax).default(100),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

const pageSchema = z.object({ payouts: z.array(payoutSchema), nextCursor: z.string().nullable() });

/** A CSV import is at most this many bytes: the row limit times a generous row. */
const importBytesMax = Math.min(payoutImportRowsMax * 800, 1_048_576);

function accountView(account: PayoutAccount) {
  return {
    accountId: account.accountId,
    status: account.status,
    payoutsEnabled: account.payoutsEnabled,
    transfersCapability: account.transfersCapability,
    detailsSubmitted: account.detailsSubmitted,
    requirementsDue: account.requirementsDue,
    updatedAt: account.updatedAt.toISOString(),
  };
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function payoutView(payout: Payout) {
  return {
    id: payout.id,
    affiliateId: payout.affiliateId,
    amountCents: payout.amountCents,
    currency: payout.currency,
    provider: payout.provider,
    state: payout.state,
    destinationAccountId: payout.destinationAccountId,
    providerTransferId: payout.providerTransferId,
    reference: payout.reference,
    attempts: payout.attempts,
    lastError: payout.lastError,
    failureReason: payout.failureReason,
    reversedCents: payout.reversedCents,
    asOf: payout.asOf.toISOString(),
    createdAt: payout.createdAt.toISOString(),
    sentAt: iso(payout.sentAt),
    paidAt: iso(payout.paidAt),
    failedAt: iso(payout.failedAt),
  };
}

export function registerPayoutRoutes(deps: RouteDeps): void {
  const { app, context, guards } = deps;

  app.post(
    '/v1/affiliates/:id/payout-account',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['payouts'],
        summary: 'Connect a Stripe Express account and get a fresh onboarding link (admin or the affiliate)',
        params: idParams,
        body: connectBody,
        response: {
          200: z.object({
            affiliateId: z.string(),
            account: accountSchema,
            onboardingUrl: z.string(),
            onboardingExpiresAt: z.string(),
          }),
        },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      const connected = await connectPayoutAccount(context, {
        affiliateId: request.params.id,
        ...request.body,
      });
      return {
        affiliateId: request.params.id,
        account: accountView(connected.account),
        onboardingUrl: connected.onboardingUrl,
        onboardingExpiresAt: connected.onboardingExpiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/v1/affiliates/:id/payout-account',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['payouts'],
        summary: "The affiliate's payout account and whether it is ready (admin or the affiliate)",
        params: idParams,
        response: {
          200: z.object({
            affiliateId: z.string(),
            provider: z.enum(payoutProviders),
            connected: z.boolean(),
            account: accountSchema.nullable(),
          }),
        },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      const view = await getPayoutAccount(context, request.params.id);
      return {
        affiliateId: view.affiliateId,
        provider: view.provider,
        connected: view.account !== null,
        account: view.account ? accountView(view.account) : null,
      };
    },
  );

  app.get(
    '/v1/affiliates/:id/payouts',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['payouts'],
        summary: "The affiliate's payouts, newest first (admin or the affiliate)",
        params: idParams,
        querystring: listQuery,
        response: { 200: pageSchema },
      },
    },
    async (request) => {
      assertCanSeeAffiliate(request.principal, request.params.id);
      const page = await listPayouts(context, { affiliateId: request.params.id, ...request.query });
      return { payouts: page.payouts.map(payoutView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/admin/payouts',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['payouts'],
        summary: 'All payouts, newest first, optionally in one state (admin)',
        querystring: listQuery,
        response: { 200: pageSchema },
      },
    },
    async (request) => {
      const page = await listPayouts(context, request.query);
      return { payouts: page.payouts.map(payoutView), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/admin/payouts/export',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['payouts'],
        summary: 'The CSV of payouts in transit on the CSV rail, for manual payment (admin; text/csv)',
        produces: ['text/csv'],
      },
    },
    async (_request, reply) => {
      const exported = await exportCsvPayouts(context);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="payouts.csv"')
        .header('x-payouts-count', String(exported.payouts))
        .header('x-payouts-total-cents', String(exported.totalCents))
        .send(exported.csv);
    },
  );

  registerImportRoute(deps);
}

/** The import takes the CSV as it is (text/csv), so this route alone parses that type. */
function registerImportRoute({ app, context, guards }: RouteDeps): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: importBytesMax },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/v1/admin/payouts/import',
      {
        preHandler: guards.admin,
        schema: {
          tags: ['payouts'],
          summary:
            'Mark CSV payouts paid or failed from a file with payout_id,status,reference (admin; text/csv)',
          consumes: ['text/csv'],
          response: {
            200: z.object({
              paid: z.number().int(),
              failed: z.number().int(),
              unchanged: z.number().int(),
            }),
          },
        },
      },
      async (request) => {
        if (typeof request.body !== 'string' || request.body.trim() === '') {
          throw new AppError(
            'validation_failed',
            'send the CSV file as the body with Content-Type: text/csv',
          );
        }
        return importCsvPayouts(context, request.body);
      },
    );
  });
}
