import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayoutProviderError } from '../../src/payouts/rails/payout_provider.js';
import { stripeHostOptions } from '../../src/payouts/rails/stripe_provider.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { failureOf, providerFor } from './stripe_support.js';

describe('Stripe provider: connected accounts and onboarding', () => {
  let server: StripeTestServer;
  beforeAll(async () => {
    server = await startStripeTestServer();
  });
  afterAll(async () => server.close());

  it('creates an Express account tagged with the affiliate, not ready before onboarding', async () => {
    const provider = providerFor(server);
    const { accountId } = await provider.createConnectedAccount({
      affiliateId: 'aff_new',
      email: 'a@example.com',
    });
    expect(accountId).toMatch(/^acct_/);
    const stored = server.state.accounts.get(accountId)!;
    expect(stored['type']).toBe('express');
    expect(stored['metadata']).toEqual({ affiliateId: 'aff_new' });
    const status = await provider.getAccountStatus(accountId);
    expect(status).toMatchObject({ ready: false, payoutsEnabled: false, transfersCapability: 'inactive' });
    expect(status.requirementsDue.length).toBeGreaterThan(0);
  });

  it('gives one account per affiliate even when creation is repeated', async () => {
    const provider = providerFor(server);
    const first = await provider.createConnectedAccount({ affiliateId: 'aff_twice', email: 'b@example.com' });
    const second = await provider.createConnectedAccount({
      affiliateId: 'aff_twice',
      email: 'b@example.com',
    });
    expect(second.accountId).toBe(first.accountId);
    const tagged = [...server.state.accounts.values()].filter(
      (account) => (account['metadata'] as Record<string, string>)['affiliateId'] === 'aff_twice',
    );
    expect(tagged).toHaveLength(1);
  });

  it('is ready once the affiliate finishes onboarding through the account link', async () => {
    const provider = providerFor(server);
    const { accountId } = await provider.createConnectedAccount({
      affiliateId: 'aff_onboard',
      email: 'c@example.com',
    });
    const link = await provider.createOnboardingLink({
      accountId,
      refreshUrl: 'https://emdash.test/payouts/refresh',
      returnUrl: 'https://emdash.test/payouts/done',
    });
    expect(link.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const visit = await fetch(link.url, { redirect: 'manual' });
    expect(visit.status).toBe(302);
    expect(visit.headers.get('location')).toBe('https://emdash.test/payouts/done');
    const status = await provider.getAccountStatus(accountId);
    expect(status).toMatchObject({
      ready: true,
      payoutsEnabled: true,
      transfersCapability: 'active',
      detailsSubmitted: true,
      requirementsDue: [],
    });
    const again = await fetch(link.url, { redirect: 'manual' });
    expect(again.headers.get('location')).toBe('https://emdash.test/payouts/refresh');
  });

  it('reports an unknown account as a permanent failure', async () => {
    const error = await failureOf(providerFor(server).getAccountStatus('acct_doesnotexist'));
    expect(error).toBeInstanceOf(PayoutProviderError);
    expect(error).toMatchObject({ retryable: false, reason: 'account_not_ready', statusCode: 403 });
  });

  it('refuses a wrong secret key as a permanent authentication failure', async () => {
    const provider = providerFor(server, { secretKey: 'sk_test_wrongwrongwrong' });
    const error = await failureOf(
      provider.createConnectedAccount({ affiliateId: 'aff_x', email: 'x@example.com' }),
    );
    expect(error).toMatchObject({ retryable: false, reason: 'authentication', statusCode: 401 });
  });
});

describe('STRIPE_API_BASE parsing', () => {
  it.each([
    ['http://127.0.0.1:12111', { host: '127.0.0.1', port: 12111, protocol: 'http' }],
    ['https://stripe.internal', { host: 'stripe.internal', port: 443, protocol: 'https' }],
    ['http://localhost/', { host: 'localhost', port: 80, protocol: 'http' }],
  ])('%s', (base, expected) => {
    expect(stripeHostOptions(base)).toEqual(expected);
  });

  it.each(['ftp://127.0.0.1', 'http://127.0.0.1:1/v1'])('rejects %s', (base) => {
    expect(() => stripeHostOptions(base)).toThrow(/STRIPE_API_BASE/);
  });
});
