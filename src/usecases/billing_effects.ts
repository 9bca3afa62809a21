import type { Context } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { TeamBillingFacts } from '../domain/billing.js';
import { loadTeamBillingFacts } from '../storage/billing_facts.js';
import { commissionsBillingEffect } from './billing_commissions_effect.js';
import { lifecycleBillingEffect } from './billing_lifecycle_effect.js';

/** What one billing input changed for a team: a hint for effects, never the whole truth. */
export interface BillingChanges {
  invoiceIds: string[];
  subscriptionIds: string[];
  refundIds: string[];
  /** A customer was newly linked to the team, so facts stored before may now count for it. */
  customerLinked: boolean;
}

export interface BillingEffectInput {
  tx: Queryable;
  context: Context;
  /** Every billing fact stored for the team, including those of this input. */
  facts: TeamBillingFacts;
  changes: BillingChanges;
  /** When the input was received (the program clock). */
  now: Date;
}

/**
 * Something that follows from billing facts: the lifecycle (paid, churned), commissions, …
 * Effects run inside the transaction that stored the facts, after them, once per affected team.
 * Billing inputs arrive more than once and in any order, so an effect must be idempotent and
 * decide from `facts` (all of them), using `changes` only to narrow its work.
 */
export interface BillingEffect {
  readonly name: string;
  apply(input: BillingEffectInput): Promise<void>;
}

/** The effects in the order they run: the lifecycle first, so that commissions see `paid` at once. */
export const billingEffects: readonly BillingEffect[] = [lifecycleBillingEffect, commissionsBillingEffect];

export function emptyBillingChanges(): BillingChanges {
  return { invoiceIds: [], subscriptionIds: [], refundIds: [], customerLinked: false };
}

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
  const existing = await tx.query<{ id: string }>('SELECT id FROM teams WHERE id = ANY($1) ORDER BY id', [
    teamIds,
  ]);
  for (const { id: teamId } of existing) {
    const facts = await loadTeamBillingFacts(tx, teamId);
    const changes = changesByTeam.get(teamId) ?? emptyBillingChanges();
    for (const effect of effects) await effect.apply({ tx, context, facts, changes, now });
  }
}
