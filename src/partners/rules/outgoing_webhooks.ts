import type { LifecycleEventType } from '../../referrals/rules/lifecycle.js';

export const partnerEventTypes = [
  'referral.signed_up',
  'referral.activated',
  'referral.paid',
  'referral.sustained',
  'referral.churned',
  'referral.rejected',
  'commission.created',
  'commission.reversed',
  'payout.paid',
  'payout.failed',
  'project.handed_off',
] as const;
export type PartnerEventType = (typeof partnerEventTypes)[number];

/**
 * The lifecycle transitions a partner hears about. `linked` is not one: it is recorded together
 * with the signup it led to, which `referral.signed_up` announces.
 */
export function referralEventTypeOf(transition: LifecycleEventType): PartnerEventType | null {
  return transition === 'linked' ? null : `referral.${transition}`;
}

/** One id per team and transition: each transition happens at most once, so a replay adds nothing. */
export function referralEventId(transition: LifecycleEventType, teamId: string): string {
  return `referral.${transition}:${teamId}`;
}

export const deliveryAttemptsMax = 8;
export const deliveryBackoffBaseSeconds = 30;
export const deliveryBackoffCapSeconds = 6 * 3600;

/** Delay before attempt `attemptsMade + 1`: 30 s, 60 s, 120 s … capped at 6 h. */
export function retryDelaySeconds(attemptsMade: number): number {
  return Math.min(deliveryBackoffBaseSeconds * 2 ** Math.max(0, attemptsMade - 1), deliveryBackoffCapSeconds);
}

/**
 * The body every delivery carries, in the Standard Webhooks payload shape (`type`, `timestamp`,
 * `data`) plus the event `id`, which is also the `webhook-id` header: a receiver dedupes on it.
 */
export function deliveryBody(event: {
  id: string;
  type: string;
  createdAt: Date;
  data: Record<string, unknown>;
}): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: event.data,
  });
}
