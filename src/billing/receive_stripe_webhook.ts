import Stripe from 'stripe';
import type { Context } from '../app/context.js';
import { applyPayoutStripeEvent, isPayoutStripeEvent } from '../payouts/apply_payout_stripe_event.js';
import { AppError } from '../platform/rules/errors.js';
import { jsonNestingExceeds } from '../platform/rules/json_depth.js';
import { applyBillingFacts } from './apply_billing_facts.js';
import { readStripeEvent, stripeEventSchema } from './rules/stripe_events.js';
import {
  signatureFreshnessRefusal,
  stripeSignatureToleranceSeconds,
  stripeSignedAt,
} from './rules/stripe_signature.js';
import { recordBillingEvent, setBillingEventOutcome } from './storage/billing_events.js';
import { lockBilling } from './storage/billing_lock.js';

/** Deeper than any event Stripe sends; a deeper body is refused before anything walks it. */
export const stripeEventDepthMax = 64;

export interface StripeWebhookResult {
  received: true;
  eventId: string;
  type: string;
  duplicate: boolean;
  handled: boolean;
}

function refused(reason: string): AppError {
  return new AppError('signature_invalid', `the Stripe signature does not verify: ${reason}`);
}

function verifiedEvent(
  context: Context,
  rawBody: Buffer,
  signature: string | undefined,
  wallNowMs: number,
): unknown {
  const secret = context.config.stripeWebhookSecret;
  if (!secret) {
    throw new AppError(
      'signature_invalid',
      'STRIPE_WEBHOOK_SECRET is not configured, so no Stripe event can be verified; set it and resend',
    );
  }
  if (!signature) throw new AppError('signature_invalid', 'the Stripe-Signature header is missing');
  const signedAt = stripeSignedAt(signature);
  if ('refusal' in signedAt) throw refused(signedAt.refusal);
  const stale = signatureFreshnessRefusal(signedAt.signedAtSeconds, wallNowMs);
  if (stale) throw refused(stale);
  try {
    const verifier = Stripe.webhooks.signature;
    if (!verifier) throw new Error('the stripe SDK has no signature verifier');
    verifier.verifyHeader(rawBody, signature, secret, stripeSignatureToleranceSeconds, undefined, wallNowMs);
  } catch (error) {
    throw refused(error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'verification failed');
  }
  const text = rawBody.toString('utf8');
  if (jsonNestingExceeds(text, stripeEventDepthMax)) {
    throw new AppError('validation_failed', `the event nests deeper than ${stripeEventDepthMax} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('malformed_json', 'the event body is not JSON');
  }
}

/**
 * Verifies the Stripe signature over the raw body, its freshness on the wall clock (Stripe signs
 * with the real time also when the program runs on a simulated clock), then stores the event once
 * and applies what it says on the program clock. Nothing is written unless the signature holds.
 */
export async function receiveStripeWebhook(
  context: Context,
  input: { rawBody: Buffer; signature: string | undefined; receivedAtMs: number },
): Promise<StripeWebhookResult> {
  const parsed = stripeEventSchema.safeParse(
    verifiedEvent(context, input.rawBody, input.signature, input.receivedAtMs),
  );
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
