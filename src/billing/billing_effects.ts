import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { existingTeamIds } from '../referrals/storage/teams.js';
import { commissionsBillingEffect } from './billing_commissions_effect.js';
import { type BillingChanges, type BillingEffect, emptyBillingChanges } from './billing_effect.js';
import { lifecycleBillingEffect } from './billing_lifecycle_effect.js';
import { loadTeamBillingFacts } from './storage/billing_facts.js';

export { emptyBillingChanges } from './billing_effect.js';

/** The effects in the order they run: the lifecycle first, so that commissions see `paid` at once. */
export const billingEffects: readonly BillingEffect[] = [lifecycleBillingEffect, commissionsBillingEffect];

/** Runs every effect for every affected team that exists (a team may sign up after its billing). */
export async function runBillingEffects(
  tx: Queryable,
  context: Context,
  changesByTeam: ReadonlyMap<string, BillingChanges>,
  now: Date,
  effects: readonly BillingEffect[] = billingEffects,
): Promise<void> {
  const teamIds = [...changesByTeam.keys()].sort();
  if (teamIds.length === 0) return;
  for (const teamId of await existingTeamIds(tx, teamIds)) {
    const facts = await loadTeamBillingFacts(tx, teamId);
    const changes = changesByTeam.get(teamId) ?? emptyBillingChanges();
    for (const effect of effects) await effect.apply({ tx, context, facts, changes, now });
  }
}
