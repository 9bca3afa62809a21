import Stripe from 'stripe';
import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { readStripeEvent, stripeEventSchema } from '../domain/stripe_events.js';
import { recordBillingEvent, setBillingEventOutcome } from '../storage/billing_events.js';
import { lockBilling } from '../storage/billing_facts.js';
import { applyBillingFacts } from './apply_billing_facts.js';
import { applyPayoutStripeEvent, isPayoutStripeEvent } from './apply_payout_stripe_event.js';

/** Stripe's own default: a signature older than this (or this far in the future) is refused. */
export const stripeSignatureToleranceSeconds = 300;

export interface StripeWebhookResult {
  received: true;
  eventId: string;
  type: string;
  duplicate: boolean;
  handled: boolean;
}

function verifiedEvent(context: Context, rawBody: Buffer, signature: string | undefined): unknown {
  const secret = context.config.stripeWebhookSecret;
  if (!secret) {
    throw new AppError(
      'signature_invalid',
      'STRIPE_WEBHOOK_SECRET is not configured, so no Stripe event can be verified; set it and resend',
    );
  }
  if (!signature) throw new AppError('signature_invalid', 'the Stripe-Signature header is missing');
  const nowMs = context.clock.now().getTime();
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      stripeSignatureToleranceSeconds,
      undefined,
      nowMs,
    );
  } catch (error) {
    if (error instanceof SyntaxError) throw new AppError('malformed_json', 'the event body is not JSON');
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'verification failed';
    throw new AppError('signature_invalid', `the Stripe signature does not verify: ${reason}`);
  }
  // The SDK only refuses old timestamps; a signature from the future is as suspect.
  const signedAtSeconds = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
  if (signedAtSeconds * 1000 > nowMs + stripeSignatureToleranceSeconds * 1000) {
    throw new AppError('signature_invalid', 'the Stripe signature is dated in the future');
  }
  return event;
}

/**
 * Verifies the Stripe signature over the raw body against the program clock (so a simulated
 * clock decides what is stale), then stores the event once and applies what it says. Nothing
 * is written unless the signature holds.
 */
export async function receiveStripeWebhook(
  context: Context,
  input: { rawBody: Buffer; signature: string | undefined },
): Promise<StripeWebhookResult> {
  const parsed = stripeEventSchema.safeParse(verifiedEvent(context, input.rawBody, input.signature));
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      'the body is not a Stripe event (id, type, created, data.object)',
    );
  }
  const event = parsed.data;
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    const isNew = await recordBillingEvent(tx, {
      id: event.id,
      type: event.type,
      apiVersion: event.api_version ?? null,
      eventCreatedAt: new Date(event.created * 1000),
      receivedAt: now,
      payload: event,
    });
    if (!isNew)
      return { received: true, eventId: event.id, type: event.type, duplicate: true, handled: false };
    if (isPayoutStripeEvent(event.type)) {
      const outcome = await applyPayoutStripeEvent(context, tx, event, now);
      await setBillingEventOutcome(tx, event.id, outcome.handled ? 'applied' : 'ignored', outcome.detail);
      return {
        received: true,
        eventId: event.id,
        type: event.type,
        duplicate: false,
        handled: outcome.handled,
      };
    }
    const reading = readStripeEvent(event);
    if (!reading.handled) {
      await setBillingEventOutcome(tx, event.id, 'ignored', reading.reason);
      if (reading.reason !== 'event_type_not_handled') {
        context.logger.warn(
          { eventId: event.id, type: event.type, reason: reading.reason },
          'stripe event ignored',
        );
      }
      return { received: true, eventId: event.id, type: event.type, duplicate: false, handled: false };
    }
    const applied = await applyBillingFacts(tx, context, reading.updates, now);
    await setBillingEventOutcome(tx, event.id, 'applied', applied.changed ? null : 'no_change');
    return { received: true, eventId: event.id, type: event.type, duplicate: false, handled: true };
  });
}
