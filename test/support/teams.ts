import type { Queryable } from '../../src/platform/db/database.js';
import { randomBase62 } from '../../src/platform/ids.js';

export interface SeededTeam {
  teamId: string;
  affiliateId: string | null;
}

/** An affiliate, written directly (tests that need referred teams without the signup flow). */
export async function insertAffiliate(db: Queryable, at: Date): Promise<string> {
  const id = `aff_${randomBase62(16)}`;
  await db.query(
    `INSERT INTO affiliates (id, email, email_domain, name, kind, status, created_at)
     VALUES ($1, $2, 'affiliates.test', 'Test affiliate', 'developer', 'active', $3)`,
    [id, `${id.toLowerCase()}@affiliates.test`, at],
  );
  return id;
}

/**
 * A team that signed up at `at`: referred by `affiliateId` through a click (status `signed_up`,
 * with its `signed_up` lifecycle event), or not referred when `affiliateId` is null.
 */
export async function insertTeam(
  db: Queryable,
  options: { affiliateId: string | null; at: Date; teamId?: string; status?: 'signed_up' | 'rejected' },
): Promise<SeededTeam> {
  const teamId = options.teamId ?? `team_${randomBase62(16)}`;
  const referred = options.affiliateId !== null;
  await db.query(
    `INSERT INTO teams (id, email, email_domain, affiliate_id, rule, status, evidence, signed_up_at, created_at)
     VALUES ($1, $2, 'customer.test', $3, $4, $5, '{}'::jsonb, $6, $6)`,
    [
      teamId,
      `owner@${teamId.toLowerCase()}.test`,
      options.affiliateId,
      referred ? 'click' : null,
      options.status ?? 'signed_up',
      options.at,
    ],
  );
  await db.query(
    `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
     VALUES ($1, 'signed_up', 'test signup', $2, $2)`,
    [teamId, options.at],
  );
  if (options.status === 'rejected') {
    await db.query(
      `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
       VALUES ($1, 'rejected', 'test rejection', $2, $2)`,
      [teamId, options.at],
    );
  }
  return { teamId, affiliateId: options.affiliateId };
}

/** `count` referred teams of one new affiliate. */
export async function insertReferredTeams(db: Queryable, count: number, at: Date): Promise<string[]> {
  const affiliateId = await insertAffiliate(db, at);
  const teamIds: string[] = [];
  for (let index = 0; index < count; index++) {
    teamIds.push((await insertTeam(db, { affiliateId, at })).teamId);
  }
  return teamIds;
}
