import type { Queryable } from '../../platform/db/database.js';
import { type CommissionWithStatus, loadCommissions } from './commissions.js';

/** Every commission of each of `teamIds` with its status folded from the ledger; teams without any get none. */
export async function loadCommissionsOfTeams(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, CommissionWithStatus[]>> {
  const rows = await db.query<{ id: string }>('SELECT id FROM commissions WHERE team_id = ANY($1::text[])', [
    teamIds,
  ]);
  const byTeam = new Map<string, CommissionWithStatus[]>();
  if (rows.length === 0) return byTeam;
  const commissions = await loadCommissions(
    db,
    rows.map((row) => row.id),
  );
  for (const commission of commissions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const list = byTeam.get(commission.teamId) ?? [];
    list.push(commission);
    byTeam.set(commission.teamId, list);
  }
  return byTeam;
}
