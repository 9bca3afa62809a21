import {
  type FunnelStageColumn,
  funnelColumnOf,
  funnelStageColumns,
  liveTypeOf,
} from '../../dashboard/funnel_stages.js';
import { type LiveEvent, type LiveEventType, publishLiveEvents } from '../../dashboard/live_event.js';
import type { Queryable } from '../../platform/db/database.js';
import {
  applyEvent,
  canAppend,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleState,
  replay,
} from '../rules/lifecycle.js';
import type { TeamReferrer } from './teams.js';

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
  return (await appendReferralEventOfTeam(tx, event))?.state ?? null;
}

export interface AppendedReferralEvent {
  state: LifecycleState;
  /** The team's attribution as the appended event found it (read with the lock). */
  team: TeamReferrer;
}

/**
 * `appendReferralEvent` that also answers who referred the team, in three statements: the team
 * locked and read, its events read (after the lock, so a concurrent append that held it is seen),
 * then the event, the status and the funnel rollups written at once (and the live event when it
 * is a funnel stage of an attributed team).
 */
export async function appendReferralEventOfTeam(
  tx: Queryable,
  event: AppendReferralEvent,
): Promise<AppendedReferralEvent | null> {
  const [found] = await tx.query<{
    affiliate_id: string | null;
    link_id: string | null;
    tag: string | null;
    source: string | null;
    rule: string | null;
  }>('SELECT affiliate_id, link_id, tag, source, rule FROM teams WHERE id = $1 FOR UPDATE', [event.teamId]);
  // A statement of its own: on PostgreSQL a statement that waited for the lock still reads the
  // other rows as of its start, and would miss the events the lock holder appended.
  const events = await tx.query<LifecycleEvent>(
    'SELECT type, occurred_at AS "occurredAt" FROM referral_events WHERE team_id = $1 ORDER BY id',
    [event.teamId],
  );
  const state = replay(events);
  if (!canAppend(state, event.type).ok) return null;
  const next = applyEvent(state, event);
  const team: TeamReferrer = {
    affiliateId: found?.affiliate_id ?? null,
    linkId: found?.link_id ?? null,
    tag: found?.tag ?? null,
    source: found?.source ?? null,
  };
  const stage = found?.affiliate_id && found.rule ? funnelStageOf(event) : null;
  await tx.query(
    `WITH event AS (
       INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at, data)
       VALUES ($1, $2, $3, $4, $5, $6)
     ), status AS (
       UPDATE teams SET status = $7 WHERE id = $1
     )${stage ? `, stage AS (${funnelStageRowSql(8, 4)}), ${funnelRollupCtes(stage.column, 'stage')}` : ''}
     SELECT 1`,
    [
      event.teamId,
      event.type,
      event.cause,
      event.occurredAt,
      event.recordedAt,
      JSON.stringify(event.data ?? {}),
      next.status,
      ...(stage ? [team.affiliateId, team.linkId ?? '', team.tag ?? ''] : []),
    ],
  );
  if (stage) await publishFunnelStages(tx, [{ event, team }]);
  return { state: next, team };
}

/** The funnel column and live event type of a lifecycle event; null when it is not a funnel stage. */
export function funnelStageOf(
  event: Pick<AppendReferralEvent, 'type'>,
): { column: FunnelStageColumn; liveType: LiveEventType } | null {
  const column = funnelColumnOf(event.type);
  const liveType = liveTypeOf(event.type);
  return column && liveType ? { column, liveType } : null;
}

/**
 * The row a funnel stage counts in: the affiliate, link and tag ('' for none) at parameters
 * `$first`, `$first + 1`, `$first + 2`, and the UTC day of the event time at `$occurredAt`.
 */
export function funnelStageRowSql(first: number, occurredAt: number): string {
  return `SELECT $${first}::text AS affiliate_id, ($${occurredAt}::timestamptz AT TIME ZONE 'UTC')::date AS day,
          $${first + 1}::text AS link_id, $${first + 2}::text AS tag`;
}

/**
 * CTEs that count a funnel stage of each row of `source` (affiliate_id, day, link_id, tag) in the
 * affiliate's rollups: per link and day, per day, per link and month. `column` comes from the
 * closed list of stage columns, never from input.
 */
export function funnelRollupCtes(column: FunnelStageColumn, source: string): string {
  if (!funnelStageColumns.includes(column)) throw new Error(`not a funnel column: ${column}`);
  return `day_rollup AS (
       INSERT INTO referral_daily_rollups AS r (affiliate_id, day, link_id, tag, ${column})
       SELECT affiliate_id, day, link_id, tag, 1 FROM ${source}
       ON CONFLICT (affiliate_id, day, link_id, tag) DO UPDATE SET ${column} = r.${column} + 1
     ), day_total AS (
       INSERT INTO funnel_daily_totals AS t (affiliate_id, day, ${column})
       SELECT affiliate_id, day, 1 FROM ${source}
       ON CONFLICT (affiliate_id, day) DO UPDATE SET ${column} = t.${column} + 1
     ), month_rollup AS (
       INSERT INTO funnel_monthly_rollups AS m (affiliate_id, month, link_id, tag, ${column})
       SELECT affiliate_id, date_trunc('month', day)::date, link_id, tag, 1 FROM ${source}
       ON CONFLICT (affiliate_id, month, link_id, tag) DO UPDATE SET ${column} = m.${column} + 1
     )`;
}

/** Publishes funnel stages of attributed teams to their affiliates' live streams, in one statement. */
export async function publishFunnelStages(
  tx: Queryable,
  stages: ReadonlyArray<{ event: AppendReferralEvent; team: TeamReferrer }>,
): Promise<void> {
  const live: LiveEvent[] = [];
  for (const { event, team } of stages) {
    const stage = funnelStageOf(event);
    if (!stage || !team.affiliateId) continue;
    live.push({
      type: stage.liveType,
      affiliateId: team.affiliateId,
      data: {
        teamId: event.teamId,
        linkId: team.linkId,
        tag: team.tag,
        occurredAt: event.occurredAt.toISOString(),
      },
    });
  }
  if (live.length > 0) await publishLiveEvents(tx, live);
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
