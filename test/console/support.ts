import type { Context } from '../../src/app/context.js';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { makeCommissionsEligibleForTeam } from '../../src/commissions/make_commissions_eligible_for_team.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { insertFraudFlag } from '../../src/referrals/storage/fraud_flags.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';

export const daysAfter = (date: Date, days: number) => new Date(date.getTime() + days * msPerDay);

/** Tier 1 and Tier 2 (5,000 + 25,000 cents) granted to the team, vested and made eligible now. */
export async function givenEligibleTeamCommissions(context: Context, teamId: string): Promise<void> {
  await grantCommission(context, { kind: 'milestone', teamId, tier: 'tier1' });
  await grantCommission(context, { kind: 'milestone', teamId, tier: 'tier2' });
  await vestCommissionsForTeam(context, { teamId });
  await makeCommissionsEligibleForTeam(context, { teamId });
}

let flagSequence = 0;

/** An open flag on a team, as the signup or hand-off paths open them. */
export async function givenOpenFlag(
  context: Context,
  input: { affiliateId: string | null; teamId: string | null; kind?: string },
): Promise<string> {
  flagSequence += 1;
  const id = `flg_test_${flagSequence}_${Date.now()}`;
  await insertFraudFlag(context.db, {
    id,
    kind: (input.kind ?? 'disposable_email') as 'disposable_email',
    affiliateId: input.affiliateId,
    teamId: input.teamId,
    details: { reason: 'test' },
    createdAt: context.clock.now(),
  });
  return id;
}
