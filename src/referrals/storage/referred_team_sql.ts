/**
 * `isReferredTeam` (domain/lifecycle.ts) in SQL for the `teams` row `team`. The statuses that take
 * a team out of the program come in as the query parameter `statusesParameter` (e.g. `$4`), bound
 * to `unreferredStatuses`, so the rule itself lives in one place.
 */
export function referredTeamSql(team: string, statusesParameter: string): string {
  return `(${team}.affiliate_id IS NOT NULL AND ${team}.status <> ALL(${statusesParameter}::text[]))`;
}
