import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Context } from '../app/context.js';
import { deliveryAttemptsMax, deliveryBody, retryDelaySeconds } from './rules/outgoing_webhooks.js';
import { postWebhook } from './send_webhook.js';
import { insertWebhookAttempt } from './storage/webhook_attempts.js';
import {
  type ClaimedDeliveryRow,
  claimDueDeliveries,
  updateDeliveryAfterAttempt,
} from './storage/webhook_deliveries.js';

export const deliveryBatchSizeMax = 50;
export const deliveryTimeoutMs = 10_000;
/** A claimed delivery is not claimed again for this long (its sender may still be waiting). */
export const deliveryLeaseSeconds = 60;

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
  failed: number;
}

export interface DeliveryOptions {
  /** Resolves endpoint host names; the system resolver when absent. */
  lookup?: LookupFunction | undefined;
}

/**
 * Sends the deliveries that are due. Each is claimed by moving its `next_attempt_at` forward by a
 * lease (SKIP LOCKED, so concurrent dispatchers take different rows), sent outside any transaction,
 * then recorded: success ends it; failure schedules the next attempt with exponential backoff, and
 * after `deliveryAttemptsMax` attempts it is marked failed. Every attempt is logged.
 */
export async function deliverDueWebhooks(
  context: Context,
  options: DeliveryOptions = {},
): Promise<DeliveryRound> {
  const now = context.clock.now();
  const due = await claimDueDeliveries(context.db, {
    now,
    deliveriesMax: deliveryBatchSizeMax,
    leaseSeconds: deliveryLeaseSeconds,
  });
  // One slow endpoint must not hold up the others: the batch is sent at once (at most 50).
  const outcomes = await Promise.all(due.map((delivery) => attempt(context, delivery, options)));
  const succeeded = outcomes.filter(Boolean).length;
  return { attempted: outcomes.length, succeeded, failed: outcomes.length - succeeded };
}

async function attempt(
  context: Context,
  delivery: ClaimedDeliveryRow,
  options: DeliveryOptions,
): Promise<boolean> {
  const body = deliveryBody({
    id: delivery.event_id,
    type: delivery.type,
    createdAt: delivery.created_at,
    data: delivery.data,
  });
  const sentAt = context.clock.now();
  // Signed with the wall clock, never the program clock: the receiver checks freshness against
  // its own time, as Standard Webhooks libraries do (a simulated clock may be months ahead).
  const signedAt = new Date();
  const startedMs = performance.now();
  const { statusCode, error } = await postWebhook(
    {
      url: delivery.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'EmDash-Affiliates-Webhooks/1',
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
        'webhook-signature': new Webhook(delivery.secret).sign(delivery.event_id, signedAt, body),
      },
      body,
      timeoutMs: deliveryTimeoutMs,
    },
    { allowPrivate: context.config.allowPrivateWebhooks, lookup: options.lookup },
  );
  const durationMs = Math.round(performance.now() - startedMs);
  const attempts = delivery.attempts + 1;
  const succeeded = error === null;
  const exhausted = !succeeded && attempts >= deliveryAttemptsMax;
  const nextAttemptAt = new Date(sentAt.getTime() + retryDelaySeconds(attempts) * 1000);
  await context.db.transaction(async (tx) => {
    await insertWebhookAttempt(tx, {
      deliveryId: delivery.id,
      attemptedAt: sentAt,
      statusCode,
      error: error?.slice(0, 1_000) ?? null,
      durationMs,
    });
    await updateDeliveryAfterAttempt(tx, {
      id: delivery.id,
      attempts,
      status: succeeded ? 'succeeded' : exhausted ? 'failed' : 'pending',
      nextAttemptAt,
      deliveredAt: succeeded ? sentAt : null,
    });
  });
  if (!succeeded) {
    context.logger.warn(
      { deliveryId: delivery.id, eventId: delivery.event_id, attempts, error, gaveUp: exhausted },
      'webhook delivery failed',
    );
  }
  return succeeded;
}
