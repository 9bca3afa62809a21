import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { applyBillingFacts, requireTeam } from './apply_billing_facts.js';
import { customerTeam } from './storage/billing_customers.js';
import { lockBilling } from './storage/billing_lock.js';

export interface LinkedBillingCustomer {
  teamId: string;
  stripeCustomerId: string;
  /** False when the same link existed already. */
  newlyLinked: boolean;
}

/**
 * Links a Stripe customer to a team (`POST /v1/track/customer`). Billing facts stored earlier
 * for that customer count for the team from now on. A customer bills one team: linking it to a
 * second one is refused.
 */
export async function linkBillingCustomer(
  context: Context,
  input: { teamId: string; stripeCustomerId: string },
): Promise<LinkedBillingCustomer> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    await requireTeam(tx, input.teamId);
    const linkedTo = await customerTeam(tx, input.stripeCustomerId);
    if (linkedTo !== null && linkedTo !== input.teamId) {
      throw new AppError('conflict', `customer ${input.stripeCustomerId} already bills another team`, {
        path: 'stripeCustomerId',
      });
    }
    await applyBillingFacts(
      tx,
      context,
      [{ kind: 'customer', customerId: input.stripeCustomerId, teamId: input.teamId, linkedVia: 'api' }],
      now,
    );
    return { teamId: input.teamId, stripeCustomerId: input.stripeCustomerId, newlyLinked: linkedTo === null };
  });
}
