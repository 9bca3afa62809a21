import type { Queryable } from '../db/database.js';
import {
  canAppend,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleState,
  replay,
} from '../domain/lifecycle.js';

export interface StoredReferralEvent extends LifecycleEvent {
  id: number;
  teamId: string;
  cause: string;
  recordedAt: Date;
  data: Record<string, unknown>;
}

export async function loadReferralEvents(db: Queryable, teamId: string): Promise<StoredReferralEvent[]> {
  const rows = await db.query<{
    id: number;
    team_id: string;
    type: LifecycleEventType;
    cause: string;
    occurred_at: Date;
    recorded_at: Date;
    data: Record<string, unknown>;
  }>(
    'SELECT id, team_id, type, cause, occurred_at, recorded_at, data FROM referral_events WHERE team_id = $1 ORDER BY id',
    [teamId],
  );
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    type: row.type,
    cause: row.cause,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    data: row.data,
  }));
}

export interface AppendReferralEvent {
  teamId: string;
  type: LifecycleEventType;
  cause: string;
  occurredAt: Date;
  recordedAt: Date;
  data?: Record<string, unknown>;
}

/**
 * Appends a lifecycle event if the state allows it and refreshes the cached `teams.status`.
 * Call inside a transaction; the team row is locked so concurrent appends serialize.
 * Returns the new state, or null when the event was not appended (already reached, terminal …).
 */
export async function appendReferralEvent(
  tx: Queryable,
  event: AppendReferralEvent,
): Promise<LifecycleState | null> {
  await tx.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [event.teamId]);
  const events = await loadReferralEvents(tx, event.teamId);
  const state = replay(events);
  if (!canAppend(state, event.type).ok) return null;
  await tx.query(
    `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at, data)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.teamId,
      event.type,
      event.cause,
      event.occurredAt,
      event.recordedAt,
      JSON.stringify(event.data ?? {}),
    ],
  );
  const next = replay([...events, { type: event.type, occurredAt: event.occurredAt }]);
  await tx.query('UPDATE teams SET status = $2 WHERE id = $1', [event.teamId, next.status]);
  return next;
}
