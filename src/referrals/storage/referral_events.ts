import { funnelColumnOf, liveTypeOf } from '../../dashboard/funnel_stages.js';
import { publishLiveEvents } from '../../dashboard/live_event.js';
import type { Queryable } from '../../platform/db/database.js';
import {
  canAppend,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleState,
  replay,
} from '../rules/lifecycle.js';

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
  await recordFunnelStage(tx, event);
  return next;
}

/**
 * A funnel stage reached by an attributed team: counted in the affiliate's rollups (per link and
 * day, per day, per link and month) and published to its live streams, both in the transaction that appends the event.
 */
async function recordFunnelStage(tx: Queryable, event: AppendReferralEvent): Promise<void> {
  const column = funnelColumnOf(event.type);
  const liveType = liveTypeOf(event.type);
  if (!column || !liveType) return;
  const [team] = await tx.query<{ affiliate_id: string; link_id: string | null; tag: string | null }>(
    `WITH team AS (
       SELECT affiliate_id, ($2::timestamptz AT TIME ZONE 'UTC')::date AS day, coalesce(link_id, '') AS link_id,
              coalesce(tag, '') AS tag
         FROM teams WHERE id = $1 AND affiliate_id IS NOT NULL AND rule IS NOT NULL
     ), day_rollup AS (
       INSERT INTO referral_daily_rollups AS r (affiliate_id, day, link_id, tag, ${column})
       SELECT affiliate_id, day, link_id, tag, 1 FROM team
       ON CONFLICT (affiliate_id, day, link_id, tag) DO UPDATE SET ${column} = r.${column} + 1
     ), day_total AS (
       INSERT INTO funnel_daily_totals AS t (affiliate_id, day, ${column})
       SELECT affiliate_id, day, 1 FROM team
       ON CONFLICT (affiliate_id, day) DO UPDATE SET ${column} = t.${column} + 1
     ), month_rollup AS (
       INSERT INTO funnel_monthly_rollups AS m (affiliate_id, month, link_id, tag, ${column})
       SELECT affiliate_id, date_trunc('month', day)::date, link_id, tag, 1 FROM team
       ON CONFLICT (affiliate_id, month, link_id, tag) DO UPDATE SET ${column} = m.${column} + 1
     )
     SELECT affiliate_id, nullif(link_id, '') AS link_id, nullif(tag, '') AS tag FROM team`,
    [event.teamId, event.occurredAt],
  );
  if (!team) return;
  await publishLiveEvents(tx, [
    {
      type: liveType,
      affiliateId: team.affiliate_id,
      data: {
        teamId: event.teamId,
        linkId: team.link_id,
        tag: team.tag,
        occurredAt: event.occurredAt.toISOString(),
      },
    },
  ]);
}

/** Attributed teams of a link that reached each funnel stage, by event type; stages none reached are left out. */
export async function countReferredTeamsPerStageOfLink(
  db: Queryable,
  linkId: string,
): Promise<Map<LifecycleEventType, number>> {
  const rows = await db.query<{ type: LifecycleEventType; teams: number }>(
    `SELECT e.type, count(DISTINCT e.team_id)::int8 AS teams
       FROM teams t JOIN referral_events e ON e.team_id = t.id
      WHERE t.link_id = $1 AND t.rule IS NOT NULL AND e.type IN ('signed_up', 'activated', 'paid', 'sustained')
      GROUP BY e.type`,
    [linkId],
  );
  return new Map(rows.map((row) => [row.type, row.teams]));
}

/** When each of these teams reached each lifecycle event: team id → event type → time. */
export async function loadEventTimesOfTeams(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, Map<string, Date>>> {
  const events = await db.query<{ team_id: string; type: string; occurred_at: Date }>(
    'SELECT team_id, type, occurred_at FROM referral_events WHERE team_id = ANY($1::text[])',
    [teamIds],
  );
  const eventTimes = new Map<string, Map<string, Date>>();
  for (const event of events) {
    const times = eventTimes.get(event.team_id) ?? new Map<string, Date>();
    times.set(event.type, event.occurred_at);
    eventTimes.set(event.team_id, times);
  }
  return eventTimes;
}

/** When each of `teamIds` reached `paid`; teams that did not are left out. */
export async function loadTeamPaidTimes(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, Date>> {
  const rows = await db.query<{ team_id: string; occurred_at: Date }>(
    "SELECT team_id, occurred_at FROM referral_events WHERE team_id = ANY($1::text[]) AND type = 'paid'",
    [teamIds],
  );
  return new Map(rows.map((row) => [row.team_id, row.occurred_at]));
}
