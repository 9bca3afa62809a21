/**
 * Freshness of a `Stripe-Signature` header (`t=<unix seconds>,v1=<hmac>[,v1=…]`). The stripe SDK
 * verifies the HMAC over the last `t=` it reads; a header carrying two could be fresh by one and
 * signed by the other, so a header must carry exactly one, read the way the SDK reads it. Stripe
 * signs with the real time it sends the event, so freshness is judged on the wall clock. Pure.
 */

/** Stripe's own default: a signature older than this, or this far in the future, is refused. */
export const stripeSignatureToleranceSeconds = 300;

export type SignedAtReading = { signedAtSeconds: number } | { refusal: string };

/** The signing time, split exactly as the SDK splits the header (`,` then `=`, key `t`). */
export function stripeSignedAt(header: string): SignedAtReading {
  const timestamps = header
    .split(',')
    .map((item) => item.split('='))
    .filter((pair) => pair[0] === 't');
  if (timestamps.length !== 1) {
    return { refusal: `the header must carry exactly one t= timestamp, found ${timestamps.length}` };
  }
  const pair = timestamps[0]!;
  if (pair.length !== 2 || !/^\d{1,12}$/.test(pair[1] ?? '')) {
    return { refusal: 'the t= timestamp is not a number of seconds' };
  }
  return { signedAtSeconds: Number.parseInt(pair[1]!, 10) };
}

/** Why a signature made at `signedAtSeconds` is not fresh at `wallNowMs`; null when it is. */
export function signatureFreshnessRefusal(
  signedAtSeconds: number,
  wallNowMs: number,
  toleranceSeconds = stripeSignatureToleranceSeconds,
): string | null {
  const ageSeconds = Math.floor(wallNowMs / 1000) - signedAtSeconds;
  if (ageSeconds > toleranceSeconds) return `signed ${ageSeconds} s ago, more than ${toleranceSeconds} s`;
  if (-ageSeconds > toleranceSeconds) return `dated ${-ageSeconds} s in the future`;
  return null;
}
