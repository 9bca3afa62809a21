import type { Context } from '../app/context.js';
import { releaseHeldTeamCommissionsIn } from '../commissions/release_held_team_commissions.js';
import { reverseTeamCommissionsIn } from '../commissions/reverse_team_commissions.js';
import type { Queryable } from '../platform/db/database.js';
import { auditNoteOf } from '../platform/rules/audit_note.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { recordReferralTransition } from './record_referral_transition.js';
import { type FraudFlagDecision, insertFraudFlagDecision } from './storage/fraud_flag_decisions.js';
import { closeFraudFlag, type FraudFlagStatus, lockFraudFlag } from './storage/fraud_flags.js';
import { teamExists } from './storage/teams.js';

export interface DecideFraudFlagInput {
  flagId: string;
  decision: FraudFlagDecision;
  note?: string | undefined;
  /** Who decided (`user:<id>` or `key:<id>`). */
  decidedBy: string;
}

export interface FraudFlagDecisionOutcome {
  flagId: string;
  decision: FraudFlagDecision;
  /** Where the flag is now: `open` after a hold, `dismissed` after release, `confirmed` after reverse. */
  status: FraudFlagStatus;
  teamId: string | null;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
  /** Commissions released at once because the hold ended after their payout delay (release). */
  releasedCents: number;
  /** What the reversal took back (reverse); `owedCents` of it had already been paid out. */
  reversedCents: number;
  owedCents: number;
}

/** The decision that closes a flag, and the status it leaves. */
const closingStatus = { release: 'dismissed', reverse: 'confirmed' } as const;

/**
 * A reviewer's decision on an open fraud flag (SPEC §8). While a flag is open its team's
 * commissions are held: they vest and become eligible but are not released to the available
 * balance. `hold` keeps it so, with a note; `release` dismisses the flag and releases at once what
 * the hold kept past its payout delay; `reverse` confirms the fraud: the team is rejected (it earns
 * nothing more) and all its commissions are reversed through the ledger, paid ones becoming an
 * owed balance. One transaction under the flag's row lock, so a flag is closed once; deciding a
 * closed flag is a conflict. Domain disputes are settled by awarding the domain instead.
 */
export async function decideFraudFlag(
  context: Context,
  input: DecideFraudFlagInput,
): Promise<FraudFlagDecisionOutcome> {
  const note = auditNoteOf(input.note);
  await context.settings.fresh();
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const flag = await lockFraudFlag(tx, input.flagId);
    if (!flag) throw notFound('fraud flag', input.flagId, 'id');
    if (flag.kind === 'domain_dispute') {
      const resolvePath = `/v1/admin/domain-disputes/${flag.id}/resolve`;
      throw new AppError(
        'conflict',
        `a domain dispute is settled by awarding the domain: POST ${resolvePath}`,
        {
          details: { kind: flag.kind, resolveWith: resolvePath },
        },
      );
    }
    if (flag.status !== 'open') {
      throw new AppError('conflict', `fraud flag ${flag.id} was already decided: it is ${flag.status}`, {
        details: {
          status: flag.status,
          resolvedBy: flag.resolvedBy,
          resolvedAt: flag.resolvedAt?.toISOString() ?? null,
        },
      });
    }
    const teamId = flag.teamId;
    await insertFraudFlagDecision(tx, {
      id: context.newId('ffd'),
      flagId: flag.id,
      decision: input.decision,
      note,
      decidedBy: input.decidedBy,
      decidedAt: now,
    });
    const outcome: FraudFlagDecisionOutcome = {
      flagId: flag.id,
      decision: input.decision,
      status: input.decision === 'hold' ? 'open' : closingStatus[input.decision],
      teamId,
      note,
      decidedBy: input.decidedBy,
      decidedAt: now.toISOString(),
      releasedCents: 0,
      reversedCents: 0,
      owedCents: 0,
    };
    if (input.decision === 'hold') return outcome;
    await closeFraudFlag(tx, {
      id: flag.id,
      status: closingStatus[input.decision],
      resolvedAt: now,
      resolvedBy: input.decidedBy,
      resolution: { decision: input.decision, note },
    });
    if (teamId === null || !(await teamExists(tx, teamId))) return outcome;
    if (input.decision === 'release') {
      const released = await releaseHeldTeamCommissionsIn(context, tx, { teamId, asOf: now });
      return { ...outcome, releasedCents: released.releasedCents };
    }
    const reversed = await confirmFraud(context, tx, { flagId: flag.id, kind: flag.kind, teamId, at: now });
    return { ...outcome, reversedCents: reversed.reversedCents, owedCents: reversed.owedCents };
  });
}

/** The team leaves the program (rejected: no further commission) and what it earned is taken back. */
async function confirmFraud(
  context: Context,
  tx: Queryable,
  input: { flagId: string; kind: string; teamId: string; at: Date },
): Promise<{ reversedCents: number; owedCents: number }> {
  // A churned team cannot be rejected (churn is final too); it earns nothing more either way.
  await recordReferralTransition(context, tx, {
    teamId: input.teamId,
    type: 'rejected',
    cause: 'fraud_confirmed',
    occurredAt: input.at,
    recordedAt: input.at,
    data: { flagId: input.flagId, kind: input.kind },
  });
  return reverseTeamCommissionsIn(context, tx, {
    teamId: input.teamId,
    reversalId: `fraud_${input.flagId}`,
    cause: 'fraud_confirmed',
    at: input.at,
  });
}
