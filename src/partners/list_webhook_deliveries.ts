import type { Context } from '../app/context.js';
import { type DeliveryStatus, selectAffiliateDeliveryLog } from './storage/webhook_deliveries.js';

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: DeliveryStatus;
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
  const rows = await selectAffiliateDeliveryLog(context.db, affiliateId, deliveryLogLimit);
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
