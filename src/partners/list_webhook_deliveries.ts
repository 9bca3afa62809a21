import type { Context } from '../app/context.js';

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: Array<{
    attemptedAt: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }>;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export const deliveryLogLimit = 100;

/** The newest deliveries of an affiliate's events, with every attempt. */
export async function listWebhookDeliveries(
  context: Context,
  affiliateId: string,
): Promise<DeliveryLogEntry[]> {
  const rows = await context.db.query<{
    id: string;
    event_id: string;
    type: string;
    endpoint_id: string;
    status: DeliveryLogEntry['status'];
    next_attempt_at: Date;
    delivered_at: Date | null;
    attempts: Array<{
      attempted_at: string;
      status_code: number | null;
      error: string | null;
      duration_ms: number;
    }> | null;
  }>(
    `SELECT d.id, d.event_id, ev.type, d.endpoint_id, d.status, d.next_attempt_at, d.delivered_at,
            (SELECT json_agg(json_build_object('attempted_at', a.attempted_at, 'status_code', a.status_code,
                    'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.id)
               FROM webhook_attempts a WHERE a.delivery_id = d.id) AS attempts
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
      WHERE ev.affiliate_id = $1
      ORDER BY d.created_at DESC, d.id LIMIT $2`,
    [affiliateId, deliveryLogLimit],
  );
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    eventType: row.type,
    endpointId: row.endpoint_id,
    status: row.status,
    attempts: (row.attempts ?? []).map((a) => ({
      attemptedAt: new Date(a.attempted_at).toISOString(),
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  }));
}
