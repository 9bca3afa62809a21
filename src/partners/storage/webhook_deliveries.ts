import type { Queryable } from '../../platform/db/database.js';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** Inserts one pending delivery per (event, endpoint) pair not delivered yet, due at `dueAt`. */
export async function insertPendingDeliveries(
  tx: Queryable,
  deliveries: ReadonlyArray<{ id: string; eventId: string; endpointId: string }>,
  dueAt: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at)
     SELECT id, event_id, endpoint_id, 'pending', $4, $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS d (id, event_id, endpoint_id)
     ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
    [
      deliveries.map((delivery) => delivery.id),
      deliveries.map((delivery) => delivery.eventId),
      deliveries.map((delivery) => delivery.endpointId),
      dueAt,
    ],
  );
}

/** A claimed delivery with what sending it needs: its endpoint and its event. */
export interface ClaimedDeliveryRow {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

/**
 * Claims up to `deliveriesMax` pending deliveries due at `now`, oldest due first, by moving their
 * `next_attempt_at` a lease forward (SKIP LOCKED: concurrent claimers take different rows).
 */
export async function claimDueDeliveries(
  db: Queryable,
  claim: { now: Date; deliveriesMax: number; leaseSeconds: number },
): Promise<ClaimedDeliveryRow[]> {
  return db.query<ClaimedDeliveryRow>(
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
    [claim.now, claim.deliveriesMax, claim.leaseSeconds],
  );
}

export async function updateDeliveryAfterAttempt(
  tx: Queryable,
  delivery: {
    id: string;
    attempts: number;
    status: DeliveryStatus;
    nextAttemptAt: Date;
    deliveredAt: Date | null;
  },
): Promise<void> {
  await tx.query(
    `UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4, delivered_at = $5 WHERE id = $1`,
    [delivery.id, delivery.attempts, delivery.status, delivery.nextAttemptAt, delivery.deliveredAt],
  );
}

export interface DeliveryLogRow {
  id: string;
  event_id: string;
  type: string;
  endpoint_id: string;
  status: DeliveryStatus;
  next_attempt_at: Date;
  delivered_at: Date | null;
  attempts: Array<{
    attempted_at: string;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  }> | null;
}

/** The newest `deliveriesMax` deliveries of an affiliate's events, each with its attempts in order. */
export async function selectAffiliateDeliveryLog(
  db: Queryable,
  affiliateId: string,
  deliveriesMax: number,
): Promise<DeliveryLogRow[]> {
  return db.query<DeliveryLogRow>(
    `SELECT d.id, d.event_id, ev.type, d.endpoint_id, d.status, d.next_attempt_at, d.delivered_at,
            (SELECT json_agg(json_build_object('attempted_at', a.attempted_at, 'status_code', a.status_code,
                    'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.id)
               FROM webhook_attempts a WHERE a.delivery_id = d.id) AS attempts
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
      WHERE ev.affiliate_id = $1
      ORDER BY d.created_at DESC, d.id LIMIT $2`,
    [affiliateId, deliveriesMax],
  );
}
