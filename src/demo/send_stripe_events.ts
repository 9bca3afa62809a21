import Stripe from 'stripe';
import type { Context } from '../app/context.js';
import { receiveStripeWebhook } from '../billing/receive_stripe_webhook.js';
import type { StripeEventPayload } from './rules/stripe_shapes.js';

/**
 * Sends Stripe events the way Stripe does: the exact bytes, signed with the webhook secret at the
 * real time of sending, into the same use case the webhook route calls. Throws when an event is
 * refused or not handled, so that a demo never silently drops billing.
 */
export async function sendStripeEvents(
  context: Context,
  events: readonly StripeEventPayload[],
): Promise<void> {
  const secret = context.config.stripeWebhookSecret;
  if (!secret) throw new Error('the demo context has no Stripe webhook secret');
  for (const event of events) {
    const payload = JSON.stringify(event);
    const receivedAtMs = Date.now();
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(receivedAtMs / 1000),
    });
    const result = await receiveStripeWebhook(context, {
      rawBody: Buffer.from(payload),
      signature,
      receivedAtMs,
    });
    if (!result.handled) throw new Error(`Stripe event ${event.id} (${event.type}) was not handled`);
  }
}
