import type { Context } from '../context.js';
import { deliveryAttemptsMax, retryDelaySeconds, signatureHeader } from '../domain/outgoing_webhooks.js';

export const deliveryBatchSizeMax = 50;
export const deliveryTimeoutMs = 10_000;
/** A claimed delivery is not claimed again for this long (its sender may still be waiting). */
export const deliveryLeaseSeconds = 60;

interface DueDelivery {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * Sends the deliveries that are due. Each is claimed by moving its `next_attempt_at` forward by a
 * lease (SKIP LOCKED, so concurrent dispatchers take different rows), sent outside any transaction,
 * then recorded: success ends it; failure schedules the next attempt with exponential backoff, and
 * after `deliveryAttemptsMax` attempts it is marked failed. Every attempt is logged.
 */
export async function deliverDueWebhooks(context: Context): Promise<DeliveryRound> {
  const now = context.clock.now();
  const due = await context.db.query<DueDelivery>(
    `WITH due AS (
       SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= $1
        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET next_attempt_at = $1 + make_interval(secs => $3)
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.attempts, d.endpoint_id, d.event_id
     )
     SELECT c.id, c.attempts, ep.url, ep.secret, ev.id AS event_id, ev.type, ev.data, ev.created_at
       FROM claimed c
       JOIN webhook_endpoints ep ON ep.id = c.endpoint_id
       JOIN webhook_events ev ON ev.id = c.event_id`,
    [now, deliveryBatchSizeMax, deliveryLeaseSeconds],
  );
  const round: DeliveryRound = { attempted: 0, succeeded: 0, failed: 0 };
  for (const delivery of due) {
    const ok = await attempt(context, delivery);
    round.attempted += 1;
    if (ok) round.succeeded += 1;
    else round.failed += 1;
  }
  return round;
}

async function attempt(context: Context, delivery: DueDelivery): Promise<boolean> {
  const body = JSON.stringify({
    id: delivery.event_id,
    type: delivery.type,
    createdAt: delivery.created_at.toISOString(),
    data: delivery.data,
  });
  const sentAt = context.clock.now();
  const startedMs = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'emdash-signature': signatureHeader(delivery.secret, body, Math.floor(sentAt.getTime() / 1000)),
        'emdash-event-id': delivery.event_id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) error = `endpoint answered ${statusCode}`;
  } catch (caught) {
    error = (caught as Error).message;
  }
  const durationMs = Math.round(performance.now() - startedMs);
  const attempts = delivery.attempts + 1;
  const succeeded = error === null;
  const exhausted = !succeeded && attempts >= deliveryAttemptsMax;
  const nextAttemptAt = new Date(sentAt.getTime() + retryDelaySeconds(attempts) * 1000);
  await context.db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)',
      [delivery.id, sentAt, statusCode, error, durationMs],
    );
    await tx.query(
      `UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4, delivered_at = $5 WHERE id = $1`,
      [
        delivery.id,
        attempts,
        succeeded ? 'succeeded' : exhausted ? 'failed' : 'pending',
        nextAttemptAt,
        succeeded ? sentAt : null,
      ],
    );
  });
  return succeeded;
}
