import { recordReferralTransition } from '../referrals/record_referral_transition.js';
import type { BillingEffect } from './billing_effect.js';
import { billingTransitions } from './rules/billing.js';

/**
 * `paid` at the first paid invoice and `churned` when every subscription has ended (SPEC §5).
 * Appending is idempotent: a transition already reached, or shut out by a terminal state, is
 * left as it is.
 */
export const lifecycleBillingEffect: BillingEffect = {
  name: 'lifecycle',
  async apply({ tx, context, facts, now }) {
    for (const transition of billingTransitions(facts)) {
      await recordReferralTransition(context, tx, {
        teamId: facts.teamId,
        type: transition.type,
        cause: transition.cause,
        occurredAt: transition.occurredAt,
        recordedAt: now,
        data: transition.data,
      });
    }
  },
};
