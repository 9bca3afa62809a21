import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfiguration } from '../../src/agencies/rules/configuration.js';
import { createApiKey } from '../../src/partners/create_api_key.js';
import {
  advanceTo,
  commissionsOf,
  deliverOk,
  expectLedgerBalanced,
  StripeTeam,
} from '../commissions_flow/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createTrackKey, signup } from '../support/attribution.js';
import { testWebhookSecret } from '../support/stripe_events.js';

interface Report {
  from: string;
  to: string;
  interval: string;
  totals: { earnedCents: number; clients: number };
  byClient: Array<{
    teamId: string;
    projectId: string | null;
    projectName: string | null;
    series: Array<{ start: string; earnedCents: number }>;
    totalCents: number;
  }>;
}

async function pay(t: TestApp, team: StripeTeam, name: string, paidAt: string, amountCents: number) {
  if (t.clock.now().getTime() < Date.parse(paidAt)) await advanceTo(t, new Date(paidAt));
  await deliverOk(t, team.invoicePaid(name, paidAt, amountCents));
}

async function subscribe(t: TestApp, team: StripeTeam, at: string, monthlyCents: number) {
  if (t.clock.now().getTime() < Date.parse(at)) await advanceTo(t, new Date(at));
  await deliverOk(t, team.customerCreated(at));
  await deliverOk(t, team.subscription('created', at, monthlyCents));
}

describe("an agency's revenue share per client and month", () => {
  let t: TestApp;
  let agencyId: string;
  let agencyKey: string;
  let otherAgency: { id: string; key: string };
  let developerKey: string;
  const url = (id: string, query = '?from=2026-01-01&to=2026-03-31') =>
    `/v1/agencies/${id}/revenue-share${query}`;

  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
    agencyId = await createAffiliate(t, 'ops@agency.example.com', 'agency');
    agencyKey = (await createApiKey(t.context, { scope: 'affiliate', name: 'agency', affiliateId: agencyId }))
      .key;
    const otherId = await createAffiliate(t, 'ops@rival.example.com', 'agency');
    otherAgency = {
      id: otherId,
      key: (await createApiKey(t.context, { scope: 'affiliate', name: 'rival', affiliateId: otherId })).key,
    };
    const developerId = await createAffiliate(t, 'dev@writer.example.com');
    developerKey = (
      await createApiKey(t.context, { scope: 'affiliate', name: 'dev', affiliateId: developerId })
    ).key;
    for (const domain of ['clienta.example.com', 'clientb.example.com']) {
      const claim = await t.call({
        method: 'POST',
        url: '/v1/domain-claims',
        payload: { domain, affiliateId: agencyId },
      });
      expect(claim.statusCode, claim.body).toBe(201);
    }
    for (const [teamId, email] of [
      ['team_client_a', 'cto@clienta.example.com'],
      ['team_client_b', 'cto@clientb.example.com'],
    ]) {
      const response = await signup(t, { teamId, email });
      expect(response.json()).toMatchObject({
        attributed: true,
        affiliateId: agencyId,
        rule: 'agency_domain',
      });
    }

    const clientA = new StripeTeam('team_client_a', '2026-01-15T09:00:00Z');
    const clientB = new StripeTeam('team_client_b', '2026-01-20T09:00:00Z');
    await subscribe(t, clientA, '2026-01-15T09:00:00Z', 2_400_000);
    await pay(t, clientA, 'jan', '2026-01-15T10:00:00Z', 2_400_000); // 20 % = 480,000
    await subscribe(t, clientB, '2026-01-20T09:00:00Z', 1_000_000);
    await pay(t, clientB, 'jan', '2026-01-20T10:00:00Z', 1_000_000); // 200,000, cut to the 20,000 left of $5,000
    await pay(t, clientA, 'feb', '2026-02-15T10:00:00Z', 100_000); // 20,000
    // Half of February's invoice refunded in March: half its commission (10,000) is reversed, in February.
    await advanceTo(t, new Date('2026-03-03T10:00:00Z'));
    await deliverOk(t, clientA.chargeRefunded('feb', '2026-03-03T10:00:00Z', 100_000, 50_000));
    await pay(t, clientA, 'apr', '2026-04-15T10:00:00Z', 100_000); // outside the range asked for
    await expectLedgerBalanced(t);
  });
  afterAll(async () => t.close());

  it('counts what each commission still holds after the cap and reversals, in the month it was earned', async () => {
    const commissions = await commissionsOf(t, agencyId);
    expect(commissions.find((c) => c.id === 'tier4:in_team_client_a_feb')).toMatchObject({
      amountCents: 20_000,
      reversedCents: 10_000,
    });
    const response = await t.call({ method: 'GET', url: url(agencyId), auth: agencyKey });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as Report;
    expect(report).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      interval: 'month',
      totals: { earnedCents: 510_000, clients: 2 },
      byClient: [
        {
          teamId: 'team_client_a',
          projectId: null,
          projectName: null,
          series: [
            { start: '2026-01-01', earnedCents: 480_000 },
            { start: '2026-02-01', earnedCents: 10_000 },
            { start: '2026-03-01', earnedCents: 0 },
          ],
          totalCents: 490_000,
        },
        {
          teamId: 'team_client_b',
          projectId: null,
          projectName: null,
          series: [
            { start: '2026-01-01', earnedCents: 20_000 },
            { start: '2026-02-01', earnedCents: 0 },
            { start: '2026-03-01', earnedCents: 0 },
          ],
          totalCents: 20_000,
        },
      ],
    });
  });

  it('defaults to the twelve months ending today, and a program manager (admin) reads the same', async () => {
    const own = await t.call({ method: 'GET', url: url(agencyId, ''), auth: agencyKey });
    const admin = await t.call({ method: 'GET', url: url(agencyId, '') });
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual(own.json());
    const report = own.json() as Report;
    expect(report).toMatchObject({ from: '2025-05-01', to: '2026-04-15' });
    expect(report.totals).toEqual({ earnedCents: 530_000, clients: 2 });
    expect(report.byClient[0]?.series).toHaveLength(12);
  });

  it('answers another workspace, a developer affiliate and an unknown id as if they did not exist', async () => {
    for (const [id, auth] of [
      [agencyId, otherAgency.key],
      [otherAgency.id, agencyKey],
      [agencyId, developerKey],
    ] as const) {
      const response = await t.call({ method: 'GET', url: url(id), auth });
      expect(response.statusCode, `${id} ${auth.slice(0, 16)}`).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain('team_client');
    }
    const developerAsAgency = await t.call({
      method: 'GET',
      url: url(await developerIdOf(developerKey)),
      auth: developerKey,
    });
    expect(developerAsAgency.statusCode).toBe(404);
    const unknown = await t.call({ method: 'GET', url: url('aff_nobody') });
    expect(unknown.statusCode).toBe(404);
    const empty = await t.call({ method: 'GET', url: url(otherAgency.id), auth: otherAgency.key });
    expect(empty.json()).toMatchObject({ totals: { earnedCents: 0, clients: 0 }, byClient: [] });
  });

  it('refuses a track key, and bad ranges with a clear problem', async () => {
    const track = await t.call({ method: 'GET', url: url(agencyId), auth: await createTrackKey(t) });
    expect(track.statusCode).toBe(403);
    for (const query of [
      '?from=2026-03-02&to=2026-03-01',
      '?from=2024-01-01&to=2026-01-01',
      '?from=2026-13-01',
      '?interval=week',
      '?unknown=1',
    ]) {
      const response = await t.call({ method: 'GET', url: url(agencyId, query), auth: agencyKey });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type'], query).toMatch(/^application\/problem\+json/);
    }
  });

  it('names the project a client team was handed off from, read in the same workspace', async () => {
    const created = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agencyId}/projects`,
      auth: agencyKey,
      payload: { name: 'Client C rollout', configuration: exampleConfiguration },
    });
    expect(created.statusCode, created.body).toBe(201);
    const projectId = (created.json() as { id: string }).id;
    const handoff = await t.call({
      method: 'POST',
      url: `/v1/projects/${projectId}/handoff`,
      auth: agencyKey,
      payload: { teamId: 'team_client_c' },
    });
    expect(handoff.json()).toMatchObject({ attributed: true });
    const clientC = new StripeTeam('team_client_c', '2026-04-20T09:00:00Z');
    await subscribe(t, clientC, '2026-04-20T09:00:00Z', 100_000);
    await pay(t, clientC, 'apr', '2026-04-20T10:00:00Z', 100_000);

    const april = '?from=2026-04-01&to=2026-04-30';
    for (const auth of [agencyKey, undefined]) {
      const response = await t.call({ method: 'GET', url: url(agencyId, april), ...(auth ? { auth } : {}) });
      expect((response.json() as Report).byClient).toEqual([
        {
          teamId: 'team_client_a',
          projectId: null,
          projectName: null,
          series: [{ start: '2026-04-01', earnedCents: 20_000 }],
          totalCents: 20_000,
        },
        {
          teamId: 'team_client_c',
          projectId,
          projectName: 'Client C rollout',
          series: [{ start: '2026-04-01', earnedCents: 20_000 }],
          totalCents: 20_000,
        },
      ]);
    }
  });

  async function developerIdOf(key: string): Promise<string> {
    const me = await t.call({ method: 'GET', url: '/v1/me', auth: key });
    return (me.json() as { affiliateId: string }).affiliateId;
  }
});
