import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileMonth } from '../../src/commissions/reconcile_month.js';
import { replayWhatIf } from '../../src/economics/what_if.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink, createTrackKey, signup } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';
import { expectLedgerBalanced } from '../support/ledger_fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { approvedAgency, asSession, type BrowserSession } from './workspace_support.js';

let t: TestApp;
let smtp: TestSmtpServer;
let trackKey: string;
let studio: { agencyId: string; owner: BrowserSession };
let rival: { agencyId: string; owner: BrowserSession };
let developerId: string;

const signedUpAt = '2025-12-01T10:00:00Z';

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z'), config: { smtpUrl: smtp.url } });
  trackKey = await createTrackKey(t);
  studio = await approvedAgency(t, smtp, 'boss@studio.test');
  rival = await approvedAgency(t, smtp, 'boss@rival.test');
  developerId = await createAffiliate(t, 'dev@writer.test');
  const domain = await asSession(t, studio.owner, {
    method: 'POST',
    url: `/v1/agencies/${studio.agencyId}/client-domains`,
    payload: { domain: 'acme.example' },
  });
  expect(domain.statusCode).toBe(201);
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mark = (agency: { agencyId: string; owner: BrowserSession }, teamId: string) =>
  asSession(t, agency.owner, {
    method: 'POST',
    url: `/v1/agencies/${agency.agencyId}/internal-teams`,
    payload: { teamId },
  });

/** A paying month through the plain billing API: a live subscription and one paid invoice. */
async function pay(teamId: string, invoiceId: string, amountPaidCents: number, paidAt: string) {
  const subscription = await t.call({
    method: 'POST',
    url: '/v1/track/subscription',
    auth: trackKey,
    payload: {
      subscriptionId: `sub_${teamId}`,
      teamId,
      status: 'active',
      monthlyAmountCents: amountPaidCents,
      occurredAt: paidAt,
    },
  });
  expect(subscription.statusCode).toBe(200);
  const invoice = await t.call({
    method: 'POST',
    url: '/v1/track/invoice',
    auth: trackKey,
    payload: { invoiceId, teamId, amountPaidCents, currency: 'usd', paidAt, subscriptionId: `sub_${teamId}` },
  });
  expect(invoice.statusCode).toBe(200);
}

async function commissionsOf(teamId: string) {
  return t.context.db.query<{ id: string; affiliate_id: string; amount_cents: number }>(
    'SELECT id, affiliate_id, amount_cents::int AS amount_cents FROM commissions WHERE team_id = $1 ORDER BY id',
    [teamId],
  );
}

async function signUpByClick(teamId: string, email: string, affiliateId: string) {
  const link = await createLink(t, affiliateId);
  const clickId = `clk_${teamId}`;
  await insertClick(t.context.db, {
    id: clickId,
    linkId: link.id,
    affiliateId,
    occurredAt: new Date('2025-11-30T10:00:00Z'),
  });
  const answer = await signup(t, { teamId, email, clickId, occurredAt: signedUpAt }, trackKey);
  expect(answer.json()).toMatchObject({ attributed: true, affiliateId, rule: 'click' });
}

describe('internal teams', () => {
  it('an internal team with paid invoices earns nothing, while a client team of the same agency does', async () => {
    for (const teamId of ['team_internal', 'team_client']) {
      const answer = await signup(
        t,
        { teamId, email: `${teamId}@acme.example`, occurredAt: signedUpAt },
        trackKey,
      );
      expect(answer.json()).toMatchObject({ affiliateId: studio.agencyId, rule: 'agency_domain' });
    }
    const marked = await mark(studio, 'team_internal');
    expect(marked.statusCode).toBe(201);
    expect(marked.json()).toMatchObject({
      teamId: 'team_internal',
      agencyId: studio.agencyId,
      reversedCommissions: 0,
    });
    await pay('team_internal', 'inv_internal_1', 60_000, '2025-12-10T10:00:00Z');
    await pay('team_client', 'inv_client_1', 60_000, '2025-12-10T10:00:00Z');
    expect(await commissionsOf('team_internal')).toEqual([]);
    expect((await commissionsOf('team_client')).map((c) => c.amount_cents)).toEqual([12_000]);
  });

  it("a team on the agency's own email domain is internal without being marked: nobody earns from it", async () => {
    await signUpByClick('team_own_domain', 'eng@studio.test', developerId);
    await signUpByClick('team_dev_client', 'eng@other.example', developerId);
    await pay('team_own_domain', 'inv_own_1', 60_000, '2025-12-11T10:00:00Z');
    await pay('team_dev_client', 'inv_dev_1', 60_000, '2025-12-11T10:00:00Z');
    expect(await commissionsOf('team_own_domain')).toEqual([]);
    expect((await commissionsOf('team_dev_client')).length).toBe(1);
  });

  it('the monthly reconciliation grants internal teams nothing either', async () => {
    // Invoices written past the commission effects, as if a grant had been missed.
    for (const [teamId, invoiceId] of [
      ['team_internal', 'inv_internal_2'],
      ['team_own_domain', 'inv_own_2'],
      ['team_client', 'inv_client_2'],
    ]) {
      await t.context.db.query(
        `INSERT INTO billing_invoices (id, source, team_id, amount_paid_cents, currency, paid_at, recorded_at)
         VALUES ($1, 'api', $2, 60000, 'usd', '2025-12-20T10:00:00Z', '2025-12-20T10:00:00Z')`,
        [invoiceId, teamId],
      );
    }
    const report = await reconcileMonth(t.context, '2025-12', t.clock.now());
    expect(report.bonuses.commissions).toBe(1);
    expect(await commissionsOf('team_internal')).toEqual([]);
    expect(await commissionsOf('team_own_domain')).toEqual([]);
    expect((await commissionsOf('team_client')).map((c) => c.id)).toEqual([
      'tier4:inv_client_1',
      'tier4:inv_client_2',
    ]);
    await expectLedgerBalanced(t.context);
  });

  it('marking a team that already earned reverses its unreleased commissions', async () => {
    const [before] = await commissionsOf('team_client');
    expect(before).toBeDefined();
    const marked = await mark(studio, 'team_client');
    expect(marked.statusCode).toBe(201);
    expect(marked.json()).toMatchObject({ reversedCommissions: 2, reversedCents: 24_000 });
    const reversals = await t.context.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ledger_transfers WHERE kind = 'commission_reversed' AND id LIKE '%:reversed:internal_team'",
    );
    expect(reversals[0]!.n).toBe(2);
    // Marking again answers the mark and reverses nothing more.
    const again = await mark(studio, 'team_client');
    expect(again.statusCode).toBe(200);
    await expectLedgerBalanced(t.context);
  });

  it("refuses a team another partner referred, and another agency's internal team", async () => {
    const rows = async () =>
      (await t.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agency_internal_teams'))[0]!.n;
    const before = await rows();
    const referredByDeveloper = await mark(studio, 'team_dev_client');
    expect(referredByDeveloper.statusCode).toBe(409);
    const othersInternal = await mark(rival, 'team_internal');
    expect(othersInternal.statusCode).toBe(409);
    expect(othersInternal.body).not.toContain(studio.agencyId);
    expect(await rows()).toBe(before);
    // A program manager may mark it.
    const byAdmin = await t.call({
      method: 'POST',
      url: `/v1/agencies/${studio.agencyId}/internal-teams`,
      payload: { teamId: 'team_dev_client' },
    });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json().reversedCommissions).toBe(1);
  });

  it("lists the workspace's internal teams, and a team that has not signed up yet can be marked", async () => {
    expect((await mark(studio, 'team_not_yet')).statusCode).toBe(201);
    const listed = await asSession(t, studio.owner, {
      method: 'GET',
      url: `/v1/agencies/${studio.agencyId}/internal-teams`,
    });
    expect(
      listed
        .json()
        .internalTeams.map((team: { teamId: string }) => team.teamId)
        .sort(),
    ).toEqual(['team_client', 'team_dev_client', 'team_internal', 'team_not_yet']);
    const rivals = await asSession(t, rival.owner, {
      method: 'GET',
      url: `/v1/agencies/${rival.agencyId}/internal-teams`,
    });
    expect(rivals.json().internalTeams).toEqual([]);
  });

  it('the what-if replay agrees with the ledger on internal teams: they earn nothing, whatever the settings', async () => {
    // Every team that earned here is internal by now (marked, or on the agency's own domain):
    // the replay keeps what the ledger recorded for them (grants and reversals) and grants nothing new.
    const replay = await replayWhatIf(t.context, { settings: { tier4RateBasisPoints: 3_000 } });
    expect(replay.selfCheck).toMatchObject({ matches: true, commissionsDiffering: 0, differenceCents: 0 });
    expect(replay.replayedCurrent.commissionsCents).toBe(replay.actual.commissionsCents);
    expect(replay.difference.commissionsCents).toBe(0);
    expect(replay.whatIf.byTier.tier4).toBe(replay.actual.byTier.tier4);
  });
});
