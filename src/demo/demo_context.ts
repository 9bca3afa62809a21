import { randomBytes } from 'node:crypto';
import type { Context } from '../app/context.js';
import { seededIdGenerator } from './rules/seeded_random.js';

/**
 * The context the demo drives the use cases with: the program's own, except that ids come from
 * the seed (the same seed makes the same rows), payouts go through the CSV rail (a demo never
 * moves real money, whatever STRIPE_SECRET_KEY says), and Stripe events are verified with the
 * configured webhook secret or, without one, a secret made for this run.
 */
export function demoContextOf(context: Context, seed: number): Context {
  return {
    ...context,
    newId: seededIdGenerator(seed),
    config: {
      ...context.config,
      stripeSecretKey: undefined,
      stripeApiBase: undefined,
      stripeWebhookSecret:
        context.config.stripeWebhookSecret ?? `whsec_demo_${randomBytes(24).toString('hex')}`,
    },
  };
}
