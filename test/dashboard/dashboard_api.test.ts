import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { createApiKey } from '../../src/partners/create_api_key.js';
import { clickIdOf, visit } from '../redirect/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createTrackKey, signup } from '../support/attribution.js';
import { reachStage } from '../support/ledger_fixtures.js';

const start = new Date('2026-03-02T12:00:00Z');

describe("the affiliate's dashboard API", () => {
  let t: TestApp;
  let own: { id: string; key: string };
  let other: { id: string; key: string };
  let taggedLink: { id: string; code: string };
  let plainLink: { id: string; code: string };

  const as = (key: string, url: string) => t.call({ method: 'GET', url, auth: key });

  beforeAll(async () => {
    t = await startTestApp({ start });
    const ownId = await createAffiliate(t, 'owner@writer.example');
    const otherId = await createAffiliate(t, 'someone@else.example');
    own = {
      id: ownId,
      key: (await createApiKey(t.context, { scope: 'affiliate', name: 'own', affiliateId: ownId })).key,
    };
    other = {
      id: otherId,
      key: (await createApiKey(t.context, { scope: 'affiliate', name: 'other', affiliateId: otherId })).key,
    };
    // The owner makes its own links, one tagged for a new post.
    const created = [];
    for (const payload of [{ affiliateId: own.id, tag: 'post-1' }, { affiliateId: own.id }]) {
      const response = await t.call({ method: 'POST', url: '/v1/links', payload, auth: own.key });
      expect(response.statusCode).toBe(201);
      created.push(response.json() as { id: string; code: string });
    }
    [taggedLink, plainLink] = created as [typeof taggedLink, typeof plainLink];
    const otherLink = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId: other.id } });
    const firstClick = await visit(t, `/r/${taggedLink.code}`, { ip: '203.0.113.1' });
    await visit(t, `/r/${taggedLink.code}`, { ip: '203.0.113.2' });
    await visit(t, `/r/${taggedLink.code}`, { ip: '203.0.113.2' }); // a repeat: not counted
    await visit(t, `/r/${plainLink.code}`, { ip: '203.0.113.3' });
    await visit(t, `/r/${(otherLink.json() as { code: string }).code}`, { ip: '203.0.113.4' });
    await t.context.clicks.flush();
    const tracked = await signup(
      t,
      { teamId: 'team_lena', email: 'lena@acme.io', clickId: clickIdOf(firstClick) },
      await createTrackKey(t),
    );
    expect(tracked.json()).toMatchObject({ attributed: true, affiliateId: own.id });
    await t.clock.advanceTo(new Date('2026-03-04T09:00:00Z'));
    await visit(t, `/r/${plainLink.code}`, { ip: '203.0.113.5' });
    await t.context.clicks.flush();
  });
  afterAll(async () => t.close());

  it('reports the funnel by day with totals, rates, links and tags', async () => {
    const response = await as(own.key, `/v1/affiliates/${own.id}/funnel?from=2026-03-01&to=2026-03-04`);
    expect(response.statusCode).toBe(200);
    const funnel = response.json();
    expect(funnel.totals).toMatchObject({ clicks: 4, signups: 1, activated: 0, paid: 0, sustained: 0 });
    expect(funnel.totals.rates.clickToSignup).toBe(0.25);
    expect(funnel.totals.rates.signupToActivated).toBe(0);
    expect(funnel.totals.rates.activatedToPaid).toBeNull();
    expect(
      funnel.series.map((point: { start: string; clicks: number }) => [point.start, point.clicks]),
    ).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 3],
      ['2026-03-03', 0],
      ['2026-03-04', 1],
    ]);
    expect(funnel.byTag).toEqual([
      expect.objectContaining({ tag: 'post-1', clicks: 2, signups: 1 }),
      expect.objectContaining({ tag: null, clicks: 2, signups: 0 }),
    ]);
    expect(funnel.byLink).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ linkId: taggedLink.id, code: taggedLink.code, clicks: 2, signups: 1 }),
        expect.objectContaining({ linkId: plainLink.id, code: plainLink.code, clicks: 2 }),
      ]),
    );
  });

  it('groups by week (from Monday) and by month', async () => {
    const weekly = (
      await as(own.key, `/v1/affiliates/${own.id}/funnel?from=2026-02-20&to=2026-03-10&interval=week`)
    ).json();
    expect(weekly.series.map((point: { start: string }) => point.start)).toEqual([
      '2026-02-16',
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ]);
    expect(weekly.series[2]).toMatchObject({ clicks: 4, signups: 1 });
    const monthly = (
      await as(own.key, `/v1/affiliates/${own.id}/funnel?from=2026-01-15&to=2026-03-31&interval=month`)
    ).json();
    expect(
      monthly.series.map((point: { start: string; clicks: number }) => [point.start, point.clicks]),
    ).toEqual([
      ['2026-01-01', 0],
      ['2026-02-01', 0],
      ['2026-03-01', 4],
    ]);
  });

  it('defaults to the last 30 days up to today', async () => {
    const funnel = (await as(own.key, `/v1/affiliates/${own.id}/funnel`)).json();
    expect(funnel).toMatchObject({ from: '2026-02-03', to: '2026-03-04', interval: 'day' });
    expect(funnel.series).toHaveLength(30);
    expect(funnel.totals.clicks).toBe(4);
  });

  it("answers another affiliate's data as not found, on every dashboard endpoint", async () => {
    for (const path of [
      'funnel',
      'links',
      'referrals',
      'commissions',
      'payouts',
      'payout-account',
      'balance',
    ]) {
      const response = await as(other.key, `/v1/affiliates/${own.id}/${path}`);
      expect(response.statusCode, path).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const unknown = await t.call({ method: 'GET', url: '/v1/affiliates/aff_missing/funnel' });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await t.call({ method: 'GET', url: `/v1/affiliates/${own.id}/funnel`, auth: null });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses bad funnel ranges with problem+json', async () => {
    for (const query of [
      'from=2026-03-05&to=2026-03-01',
      'from=2023-01-01&to=2026-03-01',
      'from=2026-02-31&to=2026-03-01',
      'interval=year',
      'from=yesterday',
      'extra=1',
    ]) {
      const response = await as(own.key, `/v1/affiliates/${own.id}/funnel?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lists the links a page at a time, newest first, with their clicks', async () => {
    const first = await as(own.key, `/v1/affiliates/${own.id}/links?limit=1`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.links).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await as(own.key, `/v1/affiliates/${own.id}/links?limit=1&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.links).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    // Both links were made at the same instant: the id breaks the tie, so either may come first.
    expect([...page1.links, ...page2.links]).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: plainLink.id,
          clicks: 2,
          url: `http://emdash.test/r/${plainLink.code}`,
        }),
        expect.objectContaining({ id: taggedLink.id, tag: 'post-1', clicks: 2 }),
      ]),
    );
    const tagged = (await as(own.key, `/v1/affiliates/${own.id}/links?tag=post-1`)).json();
    expect(tagged.links.map((link: { id: string }) => link.id)).toEqual([taggedLink.id]);
    for (const query of ['limit=0', 'limit=201', 'cursor=nonsense', 'tag=a%20b']) {
      const response = await as(own.key, `/v1/affiliates/${own.id}/links?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('lists referrals with the email masked, stage dates and its own evidence', async () => {
    const response = await as(own.key, `/v1/affiliates/${own.id}/referrals`);
    expect(response.statusCode).toBe(200);
    const [referral] = response.json().referrals;
    expect(referral).toMatchObject({
      teamId: 'team_lena',
      email: 'l**@acme.io',
      status: 'signed_up',
      rule: 'click',
      linkCode: taggedLink.code,
      tag: 'post-1',
      signedUpAt: '2026-03-02T12:00:00.000Z',
      activatedAt: null,
      evidence: { rule: 'click', cookieWindowDays: 90, matched: { rule: 'click', outcome: 'matched' } },
    });
    expect(referral.evidence.clickId).toMatch(/^clk_/);
    expect(JSON.stringify(referral)).not.toContain('lena@');
    const paidOnly = (await as(own.key, `/v1/affiliates/${own.id}/referrals?status=paid`)).json();
    expect(paidOnly.referrals).toEqual([]);
    expect((await as(other.key, `/v1/affiliates/${other.id}/referrals`)).json().referrals).toEqual([]);
    expect((await as(own.key, `/v1/affiliates/${own.id}/referrals?limit=500`)).statusCode).toBe(400);
  });

  it('lists commissions by state with the date each is expected to become available', async () => {
    await grantCommission(t.context, { kind: 'milestone', teamId: 'team_lena', tier: 'tier1' });
    const pending = (await as(own.key, `/v1/affiliates/${own.id}/commissions?state=pending`)).json();
    expect(pending.commissions).toEqual([
      expect.objectContaining({ id: 'tier1:team_lena', state: 'pending', expectedAvailableAt: null }),
    ]);
    await reachStage(t.context, 'team_lena', 'paid');
    await vestCommissionsForTeam(t.context, { teamId: 'team_lena' });
    const vested = (await as(own.key, `/v1/affiliates/${own.id}/commissions?state=vested`)).json();
    // Paid on 2026-03-04 09:00: sustained after 90 days, available 30 days later.
    expect(vested.commissions).toEqual([
      expect.objectContaining({ state: 'vested', expectedAvailableAt: '2026-07-02T09:00:00.000Z' }),
    ]);
    expect(
      (await as(own.key, `/v1/affiliates/${own.id}/commissions?state=pending`)).json().commissions,
    ).toEqual([]);
    expect((await as(own.key, `/v1/affiliates/${own.id}/commissions?state=paid`)).statusCode).toBe(400);
    const funnel = (
      await as(own.key, `/v1/affiliates/${own.id}/funnel?from=2026-03-01&to=2026-03-04`)
    ).json();
    expect(funnel.totals).toMatchObject({ signups: 1, paid: 1 });
  });

  it('shows payouts and the payout account to the owner', async () => {
    const payouts = await as(own.key, `/v1/affiliates/${own.id}/payouts`);
    expect(payouts.statusCode).toBe(200);
    expect(payouts.json()).toEqual({ payouts: [], nextCursor: null });
    const account = await as(own.key, `/v1/affiliates/${own.id}/payout-account`);
    expect(account.statusCode).toBe(200);
    expect(account.json()).toMatchObject({ affiliateId: own.id, connected: false });
  });
});
