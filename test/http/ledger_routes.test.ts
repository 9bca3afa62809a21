import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { reverseCommission } from '../../src/commissions/reverse_commission.js';
import { createApiKey } from '../../src/partners/create_api_key.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

describe('ledger endpoints', () => {
  let t: TestApp;
  let affiliateId: string;
  let otherAffiliateId: string;
  let affiliateKey: string;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-03-02T12:00:00Z') });
    affiliateId = await givenAffiliate(t.context);
    otherAffiliateId = await givenAffiliate(t.context);
    affiliateKey = (await createApiKey(t.context, { scope: 'affiliate', name: 'own', affiliateId })).key;
    teamId = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier2' });
    const invoice = { id: `in_${teamId}`, amountCents: 60_000, paidAt: new Date('2026-03-02T00:00:00Z') };
    await grantCommission(t.context, { kind: 'invoice', teamId, invoice, invoices: [invoice] });
    await reverseCommission(t.context, {
      commissionId: `tier1:${teamId}`,
      reversalId: 'fraud',
      cause: 'fraud review',
    });
  });
  afterAll(async () => t.close());

  it('verifies the ledger for admins only', async () => {
    const response = await t.call({ method: 'GET', url: '/v1/admin/ledger/verify' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      balanced: true,
      transfers: 4,
      entries: 8,
      unbalancedTransfers: 0,
      mismatchedAccounts: 0,
    });
    const asAffiliate = await t.call({ method: 'GET', url: '/v1/admin/ledger/verify', auth: affiliateKey });
    expect(asAffiliate.statusCode).toBe(403);
    expect(asAffiliate.headers['content-type']).toContain('application/problem+json');
  });

  it('shows the seven balances to admins and to the affiliate itself', async () => {
    const expected = {
      pendingCents: 34_000,
      vestedCents: 0,
      eligibleCents: 0,
      availableCents: 0,
      inTransitCents: 0,
      paidCents: 0,
      owedCents: 0,
    };
    for (const auth of [undefined, affiliateKey]) {
      const response = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/balance`, auth });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(expected);
    }
    const empty = await t.call({ method: 'GET', url: `/v1/affiliates/${otherAffiliateId}/balance` });
    expect(empty.json()).toMatchObject({ pendingCents: 0, owedCents: 0 });
  });

  it("answers 404 for an unknown affiliate and for another affiliate's balance", async () => {
    const unknown = await t.call({ method: 'GET', url: '/v1/affiliates/aff_nobody/balance' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    const other = await t.call({
      method: 'GET',
      url: `/v1/affiliates/${otherAffiliateId}/balance`,
      auth: affiliateKey,
    });
    expect(other.statusCode).toBe(404);
    const otherList = await t.call({
      method: 'GET',
      url: `/v1/affiliates/${otherAffiliateId}/commissions`,
      auth: affiliateKey,
    });
    expect(otherList.statusCode).toBe(404);
    const unknownList = await t.call({ method: 'GET', url: '/v1/affiliates/aff_nobody/commissions' });
    expect(unknownList.statusCode).toBe(404);
  });

  it('lists commissions with tier, amount, state, dates and cause, a page at a time', async () => {
    const all = await t.call({
      method: 'GET',
      url: `/v1/affiliates/${affiliateId}/commissions`,
      auth: affiliateKey,
    });
    expect(all.statusCode).toBe(200);
    const body = all.json() as { commissions: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(body.nextCursor).toBeNull();
    const byId = Object.fromEntries(body.commissions.map((commission) => [commission.id, commission]));
    expect(byId[`tier1:${teamId}`]).toMatchObject({
      tier: 'tier1',
      state: 'reversed',
      amountCents: 5_000,
      reversedCents: 5_000,
      remainingCents: 0,
      reversedAt: '2026-03-02T12:00:00.000Z',
    });
    expect(byId[`tier3:in_${teamId}`]).toMatchObject({
      tier: 'tier3',
      state: 'pending',
      amountCents: 9_000,
      rateBasisPoints: 1_500,
      invoiceId: `in_${teamId}`,
      invoiceAmountCents: 60_000,
      earnedAt: '2026-03-02T00:00:00.000Z',
      cause: expect.stringContaining(`in_${teamId}`),
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/commissions${query}` });
      expect(page.statusCode).toBe(200);
      const pageBody = page.json() as { commissions: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...pageBody.commissions.map((commission) => commission.id));
      cursor = pageBody.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.keys(byId).sort());
  });

  it('answers bad paging input with 400 problem+json', async () => {
    for (const query of ['?limit=0', '?limit=501', '?limit=abc', '?cursor=not-a-cursor', '?unknown=1']) {
      const response = await t.call({
        method: 'GET',
        url: `/v1/affiliates/${affiliateId}/commissions${query}`,
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    await expectLedgerBalanced(t.context);
  });
});
