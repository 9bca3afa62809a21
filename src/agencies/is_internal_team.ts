import { activeAgencyHasEmailDomain } from '../partners/storage/affiliates.js';
import type { Queryable } from '../platform/db/database.js';
import { isCompanyDomain } from '../referrals/rules/email.js';
import { loadTeam } from '../referrals/storage/teams.js';
import { internalTeamMarked } from './storage/agency_internal_teams.js';

/**
 * Whether a team is an agency's own (SPEC §7: its usage is free and never earns anyone a
 * commission): an agency marked it internal, or it signed up with the company email domain of an
 * active agency. Read inside the caller's transaction; every workspace is looked at.
 */
export async function isInternalTeam(db: Queryable, teamId: string): Promise<boolean> {
  if (await internalTeamMarked(db, { allWorkspaces: true }, teamId)) return true;
  const team = await loadTeam(db, teamId);
  if (!team || !isCompanyDomain(team.email_domain)) return false;
  return activeAgencyHasEmailDomain(db, team.email_domain);
}
