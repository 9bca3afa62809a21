import type { Queryable } from '../../platform/db/database.js';
import type { LifecycleStatus } from '../rules/lifecycle.js';
import {
  type AppendReferralEvent,
  funnelRollupCtes,
  funnelStageOf,
  funnelStageRowSql,
} from './referral_events.js';
import type { NewTeam } from './teams.js';

/** Bound on the lifecycle events a signup records at once (linked, signed_up, rejected). */
export const signupEventsMax = 3;

/**
 * Writes a signup in one statement: the team with the status its first events fold to, those
 * events in order, and — for an attributed team — the funnel stage among them counted in the
 * rollups. Nothing is written when a team with its id is already recorded (false). The caller
 * has checked that the events may be appended in this order (`replay`).
 */
export async function insertSignedUpTeam(
  tx: Queryable,
  team: NewTeam,
  status: LifecycleStatus,
  events: readonly AppendReferralEvent[],
): Promise<boolean> {
  if (events.length === 0 || events.length > signupEventsMax) {
    throw new Error(`a signup records 1 to ${signupEventsMax} lifecycle events, got ${events.length}`);
  }
  const stages = team.affiliateId && team.rule ? events.filter((event) => funnelStageOf(event) !== null) : [];
  if (stages.length > 1) throw new Error('a signup reaches one funnel stage');
  const stage = stages[0];
  const column = stage ? funnelStageOf(stage)!.column : null;
  const rows = await tx.query<{ id: string }>(
    `WITH team AS (
       INSERT INTO teams (id, email, email_domain, affiliate_id, link_id, click_id, tag, source, rule, status,
                          evidence, signed_up_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING RETURNING id
     ), events AS (
       INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at, data)
       SELECT team.id, e.type, e.cause, e.occurred_at, e.recorded_at, e.data::jsonb
         FROM team, unnest($14::text[], $15::text[], $16::timestamptz[], $17::timestamptz[], $18::text[])
              WITH ORDINALITY AS e (type, cause, occurred_at, recorded_at, data, position)
        ORDER BY e.position
     )${
       column
         ? `, stage AS (${funnelStageRowSql(20, 19)} FROM team), ${funnelRollupCtes(column, 'stage')}`
         : ''
     }
     SELECT id FROM team`,
    [
      team.id,
      team.email,
      team.emailDomain,
      team.affiliateId,
      team.linkId,
      team.clickId,
      team.tag,
      team.source,
      team.rule,
      status,
      JSON.stringify(team.evidence),
      team.signedUpAt,
      team.createdAt,
      events.map((event) => event.type),
      events.map((event) => event.cause),
      events.map((event) => event.occurredAt),
      events.map((event) => event.recordedAt),
      events.map((event) => JSON.stringify(event.data ?? {})),
      ...(stage ? [stage.occurredAt, team.affiliateId, team.linkId ?? '', team.tag ?? ''] : []),
    ],
  );
  return rows.length === 1;
}
