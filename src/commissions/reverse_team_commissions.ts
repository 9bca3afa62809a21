import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { type ReversalOutcome, reversalsPerCallMax, reverseCommissionsIn } from './reverse_commission.js';
import { loadTeamCommissions } from './storage/commissions.js';

/**
 * Takes back all that remains of every commission of the team, through the one reversal path
 * (ledger transfers named `<commission>:reversed:<reversalId>`, `commission.reversed` announced):
 * money not yet available simply goes, available money leaves the balance, and money already paid
 * becomes an owed balance (a clawback). Inside the caller's transaction; the same reversal id
 * reverses a commission once, so repeating it changes nothing.
 */
export async function reverseTeamCommissionsIn(
  context: Context,
  tx: Queryable,
  input: { teamId: string; reversalId: string; cause: string; at: Date },
): Promise<{ reversed: number; reversedCents: number; owedCents: number }> {
  const open = (await loadTeamCommissions(tx, input.teamId)).filter(
    (commission) => commission.status.remainingCents > 0,
  );
  const outcomes: ReversalOutcome[] = [];
  for (let start = 0; start < open.length; start += reversalsPerCallMax) {
    const requests = open.slice(start, start + reversalsPerCallMax).map((commission) => ({
      commissionId: commission.id,
      reversalId: input.reversalId,
      cause: input.cause,
    }));
    outcomes.push(...(await reverseCommissionsIn(context, tx, requests, input.at)));
  }
  const posted = outcomes.filter((outcome) => !outcome.replayed && outcome.reversedCents > 0);
  return {
    reversed: posted.length,
    reversedCents: posted.reduce((sum, outcome) => sum + outcome.reversedCents, 0),
    owedCents: posted.reduce((sum, outcome) => sum + outcome.owedCents, 0),
  };
}
