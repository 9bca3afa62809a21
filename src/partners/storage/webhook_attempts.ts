import type { Queryable } from '../../platform/db/database.js';

export async function insertWebhookAttempt(
  tx: Queryable,
  attempt: {
    deliveryId: string;
    attemptedAt: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)',
    [attempt.deliveryId, attempt.attemptedAt, attempt.statusCode, attempt.error, attempt.durationMs],
  );
}
