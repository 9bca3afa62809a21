import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import type { TeamBillingFacts } from './rules/billing.js';

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

export function emptyBillingChanges(): BillingChanges {
  return { invoiceIds: [], subscriptionIds: [], refundIds: [], customerLinked: false };
}
