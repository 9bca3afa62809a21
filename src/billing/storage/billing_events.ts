import type { Queryable } from '../../platform/db/database.js';

export interface ReceivedBillingEvent {
  id: string;
  type: string;
  apiVersion: string | null;
  eventCreatedAt: Date;
  receivedAt: Date;
  payload: unknown;
}

/** Records an event id once; returns false when it was already recorded (a duplicate delivery). */
export async function recordBillingEvent(tx: Queryable, event: ReceivedBillingEvent): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO billing_events (id, type, api_version, event_created_at, received_at, outcome, payload)
     VALUES ($1, $2, $3, $4, $5, 'ignored', $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      event.id,
      event.type,
      event.apiVersion,
      event.eventCreatedAt,
      event.receivedAt,
      JSON.stringify(event.payload),
    ],
  );
  return rows.length > 0;
}

export async function setBillingEventOutcome(
  tx: Queryable,
  eventId: string,
  outcome: 'applied' | 'ignored',
  detail: string | null,
): Promise<void> {
  await tx.query('UPDATE billing_events SET outcome = $2, detail = $3 WHERE id = $1', [
    eventId,
    outcome,
    detail,
  ]);
}
