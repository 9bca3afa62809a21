import { createHmac, timingSafeEqual } from 'node:crypto';

export const partnerEventTypes = [
  'referral.signed_up',
  'referral.activated',
  'referral.paid',
  'commission.created',
  'commission.reversed',
  'payout.paid',
  'payout.failed',
] as const;
export type PartnerEventType = (typeof partnerEventTypes)[number];

export const deliveryAttemptsMax = 8;
export const deliveryBackoffBaseSeconds = 30;
export const deliveryBackoffCapSeconds = 6 * 3600;
export const signatureToleranceSeconds = 300;

/** Delay before attempt `attemptsMade + 1`: 30 s, 60 s, 120 s … capped at 6 h. */
export function retryDelaySeconds(attemptsMade: number): number {
  return Math.min(deliveryBackoffBaseSeconds * 2 ** Math.max(0, attemptsMade - 1), deliveryBackoffCapSeconds);
}

/** `EmDash-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs its webhooks. */
export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a partner runs on receipt: true when the signature matches and is fresh. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(timestamp) || !given || Math.abs(nowSeconds - timestamp) > signatureToleranceSeconds)
    return false;
  const expected = signatureHeader(secret, body, timestamp).split('v1=')[1]!;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
