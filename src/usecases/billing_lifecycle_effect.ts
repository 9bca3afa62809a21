import { billingTransitions } from '../domain/billing.js';
import { appendReferralEvent } from '../storage/referral_events.js';
import type { BillingEffect } from './billing_effects.js';

/**
 * `paid` at the first paid invoice and `churned` when every subscription has ended (SPEC §5).
 * Appending is idempotent: a transition already reached, or shut out by a terminal state, is
 * left as it is.
 */
export const lifecycleBillingEffect: BillingEffect = {
  name: 'lifecycle',
  async apply({ tx, facts, now }) {
    for (const transition of billingTransitions(facts)) {
      await appendReferralEvent(tx, {
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
