import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { externalIdPattern, externalIdRule } from '../../platform/rules/external_ids.js';
import { teamIdSchema } from '../../referrals/http/signups.js';
import { linkBillingCustomer } from '../link_billing_customer.js';
import { receiveStripeWebhook } from '../receive_stripe_webhook.js';
import { recordInvoice } from '../record_invoice.js';
import { recordRefund } from '../record_refund.js';
import { recordSubscription } from '../record_subscription.js';
import { programCurrency, subscriptionStatuses } from '../rules/billing.js';

const isoTime = z.iso.datetime({ offset: true });
const billingIdSchema = z.string().regex(externalIdPattern, externalIdRule);
/** A billion dollars: far above any real invoice, well inside the safe integer range. */
const amountCentsMax = 100_000_000_000;
const amountCents = z.number().int().min(0).max(amountCentsMax);
const programCurrencyOnly = z
  .string()
  .refine(
    (value) => value.toLowerCase() === programCurrency,
    `the program is paid in ${programCurrency.toUpperCase()} only: send "${programCurrency}"`,
  )
  .transform(() => programCurrency);

const customerBody = z.object({ teamId: teamIdSchema, stripeCustomerId: billingIdSchema }).strict();

const invoiceBody = z
  .object({
    invoiceId: billingIdSchema,
    teamId: teamIdSchema,
    amountPaidCents: amountCents,
    currency: programCurrencyOnly,
    paidAt: isoTime,
    subscriptionId: billingIdSchema.optional(),
  })
  .strict();

const subscriptionBody = z
  .object({
    subscriptionId: billingIdSchema,
    teamId: teamIdSchema,
    status: z.enum(subscriptionStatuses),
    monthlyAmountCents: amountCents,
    occurredAt: isoTime,
  })
  .strict();

const refundBody = z
  .object({
    refundId: billingIdSchema,
    invoiceId: billingIdSchema,
    amountRefundedCents: amountCents.min(1),
    currency: programCurrencyOnly,
    refundedAt: isoTime,
  })
  .strict();

const webhookAnswer = z.object({
  received: z.literal(true),
  eventId: z.string(),
  type: z.string(),
  duplicate: z.boolean(),
  handled: z.boolean(),
});

/** Stripe signs the exact bytes it sent, so this route alone keeps the body raw. */
function registerStripeWebhookRoute({ app, context }: RouteDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(
      '/v1/webhooks/stripe',
      {
        schema: {
          tags: ['billing'],
          summary: 'Stripe billing events (public; verified by the Stripe-Signature header)',
          security: [],
          response: { 200: webhookAnswer },
        },
      },
      async (request) => {
        const signature = request.headers['stripe-signature'];
        return receiveStripeWebhook(context, {
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          signature: typeof signature === 'string' ? signature : undefined,
          // Transport security reads the wall clock, never the simulated one (SPEC §12).
          receivedAtMs: Date.now(),
        });
      },
    );
  });
}

export function registerBillingRoutes(deps: RouteDeps): void {
  const { app, context, guards } = deps;
  registerStripeWebhookRoute(deps);

  app.post(
    '/v1/track/customer',
    {
      preHandler: guards.track,
      schema: {
        tags: ['billing'],
        summary: 'Link a Stripe customer to a team',
        body: customerBody,
        response: {
          200: z.object({ teamId: z.string(), stripeCustomerId: z.string(), newlyLinked: z.boolean() }),
        },
      },
    },
    async (request) => linkBillingCustomer(context, request.body),
  );

  app.post(
    '/v1/track/invoice',
    {
      preHandler: guards.track,
      schema: {
        tags: ['billing'],
        summary: 'Report a paid invoice (billing other than Stripe); repeating it changes nothing',
        body: invoiceBody,
        response: { 200: z.object({ invoiceId: z.string(), teamId: z.string(), stored: z.boolean() }) },
      },
    },
    async (request) => recordInvoice(context, { ...request.body, paidAt: new Date(request.body.paidAt) }),
  );

  app.post(
    '/v1/track/subscription',
    {
      preHandler: guards.track,
      schema: {
        tags: ['billing'],
        summary: 'Report a subscription state (billing other than Stripe); an older state is kept out',
        body: subscriptionBody,
        response: {
          200: z.object({ subscriptionId: z.string(), teamId: z.string(), applied: z.boolean() }),
        },
      },
    },
    async (request) =>
      recordSubscription(context, { ...request.body, occurredAt: new Date(request.body.occurredAt) }),
  );

  app.post(
    '/v1/track/refund',
    {
      preHandler: guards.track,
      schema: {
        tags: ['billing'],
        summary: 'Report a refund of a paid invoice (billing other than Stripe)',
        body: refundBody,
        response: {
          200: z.object({
            refundId: z.string(),
            invoiceId: z.string(),
            teamId: z.string().nullable(),
            stored: z.boolean(),
          }),
        },
      },
    },
    async (request) =>
      recordRefund(context, { ...request.body, refundedAt: new Date(request.body.refundedAt) }),
  );
}
