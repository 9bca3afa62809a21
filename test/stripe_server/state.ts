import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Example objects Stripe publishes with its OpenAPI description (see README.md beside this file). */
type Json = Record<string, unknown>;
const fixtures = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url), 'utf8')) as Record<
  'account' | 'account_link' | 'transfer' | 'transfer_reversal' | 'balance',
  Json
>;

export function fixture(name: keyof typeof fixtures): Json {
  return structuredClone(fixtures[name]);
}

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 62];
  return `${prefix}_${out}`;
}

export interface OnboardingLinkRecord {
  accountId: string;
  returnUrl: string;
  refreshUrl: string;
  expiresAtSeconds: number;
  used: boolean;
}

export const accountRequirementsBeforeOnboarding = [
  'business_profile.url',
  'external_account',
  'individual.dob.day',
  'individual.first_name',
  'individual.last_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

/** Everything the fake Stripe knows; tests may read it directly to count what really happened. */
export class StripeState {
  readonly accounts = new Map<string, Json>();
  readonly onboardingLinks = new Map<string, OnboardingLinkRecord>();
  /** In creation order; lists answer newest first. */
  readonly transfers: Json[] = [];
  readonly reversals: Json[] = [];
  /** Platform available balance per currency, in the smallest unit. */
  readonly availableBalance = new Map<string, number>();
  private readonly nowSeconds: () => number;

  constructor(options: { nowSeconds: () => number; availableBalanceCents: number }) {
    this.nowSeconds = options.nowSeconds;
    this.availableBalance.set('usd', options.availableBalanceCents);
  }

  now(): number {
    return this.nowSeconds();
  }

  transfer(id: string): Json | undefined {
    return this.transfers.find((transfer) => transfer['id'] === id);
  }

  /** What completing Stripe's hosted onboarding does to an Express account. */
  onboard(accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account) return false;
    const capabilities = account['capabilities'] as Record<string, string>;
    for (const name of Object.keys(capabilities)) capabilities[name] = 'active';
    account['details_submitted'] = true;
    account['payouts_enabled'] = true;
    account['charges_enabled'] = 'card_payments' in capabilities;
    const requirements = account['requirements'] as Json;
    requirements['currently_due'] = [];
    requirements['eventually_due'] = [];
    requirements['past_due'] = [];
    requirements['disabled_reason'] = null;
    account['tos_acceptance'] = { date: this.now(), ip: '127.0.0.1', user_agent: null };
    return true;
  }

  debit(currency: string, amount: number): boolean {
    const available = this.availableBalance.get(currency) ?? 0;
    if (available < amount) return false;
    this.availableBalance.set(currency, available - amount);
    return true;
  }

  credit(currency: string, amount: number): void {
    this.availableBalance.set(currency, (this.availableBalance.get(currency) ?? 0) + amount);
  }
}
