import type { Context } from '../../src/app/context.js';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { makeCommissionsEligibleForTeam } from '../../src/commissions/make_commissions_eligible_for_team.js';
import { reverseCommission } from '../../src/commissions/reverse_commission.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { readAffiliateBalances } from '../../src/ledger/storage/ledger.js';
import { ensurePayoutAccount } from '../../src/payouts/storage/payout_accounts.js';
import { payoutLedgerMismatches } from '../../src/payouts/storage/payouts.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import type { StripeTestServer } from '../stripe_server/server.js';
import { givenReferredTeam } from '../support/ledger_fixtures.js';

export const daysAfter = (date: Date, days: number) => new Date(date.getTime() + days * msPerDay);

/**
 * Commissions of `amountCents` (at most 30,000) made eligible at `eligibleAt` through the real use
 * cases: Tier 1 (5,000) and, above that, Tier 2 (25,000), trimmed by a partial reversal to the exact
 * amount. They become available when a run releases them 30 days later.
 */
export async function givenEligibleCents(
  context: Context,
  affiliateId: string,
  amountCents: number,
  eligibleAt: Date,
): Promise<string> {
  if (amountCents <= 0 || amountCents > 30_000) throw new Error('1 to 30,000 cents');
  const teamId = await givenReferredTeam(context, affiliateId);
  await grantCommission(context, { kind: 'milestone', teamId, tier: 'tier1' });
  let grantedCents = 5_000;
  if (amountCents > 5_000) {
    await grantCommission(context, { kind: 'milestone', teamId, tier: 'tier2' });
    grantedCents = 30_000;
  }
  await vestCommissionsForTeam(context, { teamId });
  await makeCommissionsEligibleForTeam(context, { teamId, at: eligibleAt });
  if (grantedCents > amountCents) {
    await reverseCommission(context, {
      commissionId: `${amountCents > 5_000 ? 'tier2' : 'tier1'}:${teamId}`,
      reversalId: 'trim',
      cause: 'test amount',
      amountCents: grantedCents - amountCents,
      at: eligibleAt,
    });
  }
  return teamId;
}

/** A ready Stripe account on the test server, recorded as the affiliate's payout account. */
export async function givenReadyAccount(
  context: Context,
  server: StripeTestServer,
  affiliateId: string,
): Promise<string> {
  const response = await fetch(`${server.url}/v1/accounts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.apiKey}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'type=express&capabilities[transfers][requested]=true',
  });
  const { id } = (await response.json()) as { id: string };
  server.onboard(id);
  await ensurePayoutAccount(context.db, { affiliateId, accountId: id, now: context.clock.now() });
  await context.db.query(`UPDATE payout_accounts SET status = 'ready' WHERE affiliate_id = $1`, [
    affiliateId,
  ]);
  return id;
}

/** Stripe transfers per payout id, as the test server recorded them. */
export function transfersByPayout(server: StripeTestServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const transfer of server.state.transfers) {
    const payoutId = (transfer['metadata'] as Record<string, string>)['payoutId']!;
    counts.set(payoutId, (counts.get(payoutId) ?? 0) + 1);
  }
  return counts;
}

export async function balancesOf(context: Context, affiliateId: string) {
  return readAffiliateBalances(context.db, affiliateId);
}

export async function expectPayoutsMatchLedger(context: Context): Promise<string[]> {
  return payoutLedgerMismatches(context.db);
}
