import type { Queryable } from '../../platform/db/database.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import type { UsageTotals } from '../rules/activation.js';
import type { UsageEvent } from '../rules/usage.js';

export interface UsageBatchOutcome {
  /** Events of referred teams (stored now or before). */
  referred: number;
  /** Events stored now: ids never seen before. */
  accepted: number;
  /** Ids older than the prune horizon: they may have been forgotten, so they cannot be trusted. */
  lateIds: string[];
}

export interface UsageBatchesOutcome {
  /** One per batch, in the order given. */
  batches: UsageBatchOutcome[];
  /** Ids stored now whose team is still `signed_up` (the only ones that can activate it). */
  signedUpAcceptedIds: string[];
  /** Teams that gained an active day with these batches (the only ones that can reach a milestone). */
  newActiveDayTeamIds: string[];
}

/**
 * Stores several batches in one statement (one round trip, one commit): keeps events of referred
 * teams, inserts their ids (the primary key decides which count), and adds what was new to the
 * per-(team, UTC day) sums, each (team, day) row once however many batches touch it. Ids and
 * (team, day) rows are written in sorted order so concurrent statements cannot deadlock.
 * Ids must be unique across all the batches.
 *
 * The statement only writes and names what it wrote (ids inserted, teams left out); which batch
 * each event came from is known here, so the per-batch counts are made in JavaScript rather than
 * by joining the inserted rows back to the input in SQL (measured: that join and its sorts were a
 * third of the statement's time at 2,500 events).
 */
export async function insertUsageBatches(
  db: Queryable,
  batches: ReadonlyArray<readonly UsageEvent[]>,
): Promise<UsageBatchesOutcome> {
  const statement = usageBatchesStatement(batches);
  const [row] = await db.query<{
    inserted_ids: string[];
    unreferred_team_ids: string[];
    signed_up_team_ids: string[];
    late_ids: string[];
    new_active_day_team_ids: string[];
  }>(statement.text, statement.values);
  const insertedIds = new Set(row!.inserted_ids);
  const unreferredTeamIds = new Set(row!.unreferred_team_ids);
  const signedUpTeamIds = new Set(row!.signed_up_team_ids);
  const lateIds = new Set(row!.late_ids);
  const signedUpAcceptedIds: string[] = [];
  const outcomes = batches.map((events): UsageBatchOutcome => {
    const outcome: UsageBatchOutcome = { referred: 0, accepted: 0, lateIds: [] };
    for (const event of events) {
      if (lateIds.has(event.id)) outcome.lateIds.push(event.id);
      else if (!unreferredTeamIds.has(event.teamId)) outcome.referred += 1;
      if (!insertedIds.has(event.id)) continue;
      outcome.accepted += 1;
      if (signedUpTeamIds.has(event.teamId)) signedUpAcceptedIds.push(event.id);
    }
    return outcome;
  });
  return { batches: outcomes, signedUpAcceptedIds, newActiveDayTeamIds: row!.new_active_day_team_ids };
}

/** The statement of `insertUsageBatches` (bench/ingest_profile.ts EXPLAINs it). */
export function usageBatchesStatement(batches: ReadonlyArray<readonly UsageEvent[]>): {
  text: string;
  values: unknown[];
} {
  const events = batches.flat();
  return {
    text: `WITH input AS (
       SELECT e.id, e.team_id, e.api_calls, e.occurred_at
       FROM unnest($1::text[], $2::text[], $3::int4[], $4::timestamptz[]) AS e (id, team_id, api_calls, occurred_at)
     ),
     horizon AS (
       SELECT coalesce(max(pruned_before), '-infinity'::timestamptz) AS pruned_before FROM usage_prune_horizon
     ),
     -- Each team named is looked up once, not once per event.
     referred AS MATERIALIZED (
       SELECT teams.id, teams.status FROM unnest($5::text[]) AS wanted (id) JOIN teams ON teams.id = wanted.id
       WHERE ${referredTeamSql('teams', '$6')}
     ),
     inserted AS (
       INSERT INTO usage_events (id, team_id, api_calls, occurred_at)
       SELECT input.id, input.team_id, input.api_calls, input.occurred_at
         FROM input JOIN referred ON referred.id = input.team_id, horizon
        WHERE input.occurred_at >= horizon.pruned_before
       ORDER BY input.id COLLATE "C"
       ON CONFLICT (id) DO NOTHING
       RETURNING id, team_id, api_calls, occurred_at
     ),
     day_sums AS (
       SELECT team_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, sum(api_calls)::int8 AS api_calls
       FROM inserted GROUP BY 1, 2
     ),
     upserted AS (
       INSERT INTO team_usage_days (team_id, day, api_calls)
       SELECT team_id, day, api_calls FROM day_sums ORDER BY team_id COLLATE "C", day
       ON CONFLICT (team_id, day) DO UPDATE SET api_calls = team_usage_days.api_calls + EXCLUDED.api_calls
       RETURNING team_id, day, api_calls
     )
     SELECT
       (SELECT coalesce(array_agg(id), '{}') FROM inserted) AS inserted_ids,
       (SELECT coalesce(array_agg(wanted.id), '{}') FROM unnest($5::text[]) AS wanted (id)
         WHERE NOT EXISTS (SELECT FROM referred WHERE referred.id = wanted.id)) AS unreferred_team_ids,
       (SELECT coalesce(array_agg(id), '{}') FROM referred WHERE status = 'signed_up') AS signed_up_team_ids,
       (SELECT coalesce(array_agg(input.id), '{}') FROM input, horizon
         WHERE input.occurred_at < horizon.pruned_before) AS late_ids,
       -- A day whose total is what this statement added was empty before: one more active day.
       (SELECT coalesce(array_agg(DISTINCT upserted.team_id), '{}') FROM upserted
         JOIN day_sums ON day_sums.team_id = upserted.team_id AND day_sums.day = upserted.day
         WHERE day_sums.api_calls > 0 AND upserted.api_calls = day_sums.api_calls) AS new_active_day_team_ids`,
    values: [
      events.map((event) => event.id),
      events.map((event) => event.teamId),
      events.map((event) => event.apiCalls),
      events.map((event) => event.occurredAt.toISOString()),
      [...new Set(events.map((event) => event.teamId))],
      unreferredStatuses,
    ],
  };
}

/** Inclusive range of UTC days, `YYYY-MM-DD`; an open end is unbounded. */
export interface DayRange {
  fromDay?: string;
  toDay?: string;
}

/** API calls per UTC day of each team, within `range`. Teams without usage get an empty map. */
export async function loadUsageByDay(
  db: Queryable,
  teamIds: readonly string[],
  range: DayRange = {},
): Promise<Map<string, Map<string, number>>> {
  const rows = await db.query<{ team_id: string; day: string; api_calls: number }>(
    `SELECT team_id, to_char(day, 'YYYY-MM-DD') AS day, api_calls FROM team_usage_days
     WHERE team_id = ANY($1::text[]) AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)`,
    [teamIds, range.fromDay ?? null, range.toDay ?? null],
  );
  const byTeam = new Map<string, Map<string, number>>(teamIds.map((teamId) => [teamId, new Map()]));
  for (const row of rows) byTeam.get(row.team_id)?.set(row.day, row.api_calls);
  return byTeam;
}

/** Total API calls and active days (UTC days with ≥ 1 call) of each team, within `range`. */
export async function loadUsageTotals(
  db: Queryable,
  teamIds: readonly string[],
  range: DayRange = {},
): Promise<Map<string, UsageTotals>> {
  const rows = await db.query<{ team_id: string; api_calls: number; active_days: number }>(
    `SELECT team_id, sum(api_calls)::int8 AS api_calls, count(*) FILTER (WHERE api_calls > 0) AS active_days
     FROM team_usage_days
     WHERE team_id = ANY($1::text[]) AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
     GROUP BY team_id`,
    [teamIds, range.fromDay ?? null, range.toDay ?? null],
  );
  const totals = new Map<string, UsageTotals>(
    teamIds.map((teamId) => [teamId, { apiCalls: 0, activeDays: 0 }]),
  );
  for (const row of rows) totals.set(row.team_id, { apiCalls: row.api_calls, activeDays: row.active_days });
  return totals;
}

/** One team's usage totals within `range` (Tier 1 and Tier 2 count active days). */
export async function loadTeamUsageTotals(
  db: Queryable,
  teamId: string,
  range: DayRange = {},
): Promise<UsageTotals> {
  const totals = await loadUsageTotals(db, [teamId], range);
  return totals.get(teamId)!;
}

/** UTC days (`YYYY-MM-DD`) from `fromDay` to `toDay` inclusive on which the team made at least one API call. */
export async function loadActiveDays(
  db: Queryable,
  teamId: string,
  fromDay: string,
  toDay: string,
): Promise<string[]> {
  const rows = await db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM team_usage_days
      WHERE team_id = $1 AND api_calls > 0 AND day >= $2::date AND day <= $3::date`,
    [teamId, fromDay, toDay],
  );
  return rows.map((row) => row.day);
}

/**
 * Of `teamIds`, those whose usage up to `toDay` reaches `apiCallsMin` calls or `activeDaysMin`
 * active days: a coarse filter, the activation rule decides.
 */
export async function loadTeamIdsWithUsageReaching(
  db: Queryable,
  teamIds: readonly string[],
  toDay: string,
  minimum: { apiCallsMin: number; activeDaysMin: number },
): Promise<string[]> {
  const rows = await db.query<{ team_id: string }>(
    `SELECT team_id FROM team_usage_days
     WHERE team_id = ANY($1::text[]) AND day <= $2::date
     GROUP BY team_id
     HAVING sum(api_calls) >= $3 OR count(*) FILTER (WHERE api_calls > 0) >= $4`,
    [teamIds, toDay, minimum.apiCallsMin, minimum.activeDaysMin],
  );
  return rows.map((row) => row.team_id);
}
