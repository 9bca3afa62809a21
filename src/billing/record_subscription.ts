import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { applyBillingFacts, requireReportedTime, requireTeam } from './apply_billing_facts.js';
import {
  isEndedStatus,
  programCurrency,
  type SubscriptionStatus,
  subscriptionVersionRank,
} from './rules/billing.js';
import { subscriptionTeam } from './storage/billing_facts.js';
import { lockBilling } from './storage/billing_lock.js';

export interface SubscriptionInput {
  subscriptionId: string;
  teamId: string;
  status: SubscriptionStatus;
  monthlyAmountCents: number;
  occurredAt: Date;
}

export interface RecordedSubscription {
  subscriptionId: string;
  teamId: string;
  /** False when a state at least as recent was stored already; the older one is kept out. */
  applied: boolean;
}

/** A subscription state from a billing system other than Stripe (`POST /v1/track/subscription`). */
export async function recordSubscription(
  context: Context,
  input: SubscriptionInput,
): Promise<RecordedSubscription> {
  const now = context.clock.now();
  requireReportedTime(input.occurredAt, now, 'occurredAt');
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    await requireTeam(tx, input.teamId);
    const storedTeam = await subscriptionTeam(tx, input.subscriptionId);
    if (storedTeam !== null && storedTeam !== input.teamId) {
      throw new AppError('conflict', `subscription ${input.subscriptionId} belongs to another team`, {
        path: 'subscriptionId',
      });
    }
    const applied = await applyBillingFacts(
      tx,
      context,
      [
        {
          kind: 'subscription',
          source: 'api',
          subscriptionId: input.subscriptionId,
          customerId: null,
          teamId: input.teamId,
          status: input.status,
          monthlyAmountCents: input.monthlyAmountCents,
          currency: programCurrency,
          startedAt: null,
          endedAt: isEndedStatus(input.status) ? input.occurredAt : null,
          version: {
            at: input.occurredAt,
            rank: subscriptionVersionRank(input.status),
            // Two states reported for the same instant: the content decides, never arrival order.
            tiebreak: `${input.status}:${String(input.monthlyAmountCents).padStart(15, '0')}`,
          },
        },
      ],
      now,
    );
    return { subscriptionId: input.subscriptionId, teamId: input.teamId, applied: applied.changed };
  });
}
