import { loadActiveAgencyEmailDomains } from '../partners/storage/affiliates.js';
import type { Queryable } from '../platform/db/database.js';
import { isCompanyDomain } from '../referrals/rules/email.js';
import { loadTeam } from '../referrals/storage/teams.js';
import { loadInternalTeamIds } from './storage/agency_internal_teams.js';

/** A team as this judgement reads it: its id and the email domain it signed up with ('' if unknown). */
export interface TeamOfDomain {
  id: string;
  emailDomain: string;
}

/**
 * Which of `teams` are an agency's own (SPEC §7: their usage is free and never earns anyone a
 * commission): an agency marked the team internal, or it signed up with the company email domain
 * of an active agency. Every workspace is looked at. The live engine (through `isInternalTeam`)
 * and the what-if replay judge by this one rule.
 */
export async function internalTeamIdsAmong(
  db: Queryable,
  teams: readonly TeamOfDomain[],
): Promise<Set<string>> {
  const internal = await loadInternalTeamIds(
    db,
    { allWorkspaces: true },
    teams.map((team) => team.id),
  );
  const unmarked = teams.filter((team) => !internal.has(team.id));
  for (const id of await teamIdsOnAgencyDomains(db, unmarked)) internal.add(id);
  return internal;
}

/** Whether one team is an agency's own, read inside the caller's transaction. */
export async function isInternalTeam(db: Queryable, teamId: string): Promise<boolean> {
  if ((await loadInternalTeamIds(db, { allWorkspaces: true }, [teamId])).size > 0) return true;
  const team = await loadTeam(db, teamId);
  if (!team) return false;
  return (await teamIdsOnAgencyDomains(db, [{ id: teamId, emailDomain: team.email_domain }])).length > 0;
}

async function teamIdsOnAgencyDomains(db: Queryable, teams: readonly TeamOfDomain[]): Promise<string[]> {
  const companyTeams = teams.filter((team) => team.emailDomain !== '' && isCompanyDomain(team.emailDomain));
  const agencyDomains = await loadActiveAgencyEmailDomains(
    db,
    companyTeams.map((team) => team.emailDomain),
  );
  return companyTeams.filter((team) => agencyDomains.has(team.emailDomain)).map((team) => team.id);
}
