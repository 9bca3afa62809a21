import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  createAffiliate,
  createLink,
  createTrackKey,
  signup,
  uniqueId,
  writtenRows,
} from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';

const browserAgent =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

interface Referrer {
  affiliateId: string;
  link: { id: string; code: string };
  taggedLink: { id: string; code: string };
}

interface Check {
  rule: string;
  outcome: string;
  reason?: string;
  [detail: string]: unknown;
}

interface ReferralBody {
  status: string;
  affiliateId: string | null;
  source: string | null;
  rule: string | null;
  tag: string | null;
  linkId: string | null;
  clickId: string | null;
  events: Array<{ type: string; cause: string; occurredAt: string }>;
  evidence: { decision: string; checks: Check[]; [key: string]: unknown };
}

async function referrer(
  t: TestApp,
  email: string,
  kind: 'developer' | 'agency' = 'developer',
): Promise<Referrer> {
  const affiliateId = await createAffiliate(t, email, kind);
  return {
    affiliateId,
    link: await createLink(t, affiliateId),
    taggedLink: await createLink(t, affiliateId, 'launch-post'),
  };
}

async function click(
  t: TestApp,
  who: Referrer,
  occurredAt: Date,
  options: { tagged?: boolean; visitorHash?: string; counted?: boolean } = {},
): Promise<string> {
  const id = uniqueId('clk');
  const link = options.tagged ? who.taggedLink : who.link;
  await insertClick(t.context.db, {
    id,
    linkId: link.id,
    affiliateId: who.affiliateId,
    tag: null,
    occurredAt,
    ...(options.visitorHash ? { visitorHash: options.visitorHash } : {}),
    ...(options.counted === undefined ? {} : { counted: options.counted }),
  });
  return id;
}

async function referral(t: TestApp, teamId: string): Promise<ReferralBody> {
  const response = await t.call({ method: 'GET', url: `/v1/referrals/${teamId}` });
  expect(response.statusCode).toBe(200);
  return response.json() as ReferralBody;
}

function checkOf(body: ReferralBody, rule: string): Check {
  return body.evidence.checks.find((entry) => entry.rule === rule)!;
}

describe('signup attribution', () => {
  let t: TestApp;
  let trackKey: string;
  let dev: Referrer; // on gmail.com: a free-mail domain
  let writer: Referrer; // on writer.dev: a company domain
  let agency: Referrer;
  const ago = (ms: number) => new Date(t.clock.now().getTime() - ms);

  beforeAll(async () => {
    t = await startTestApp();
    trackKey = await createTrackKey(t);
    dev = await referrer(t, 'dev@gmail.com');
    writer = await referrer(t, 'sam@writer.dev');
    agency = await referrer(t, 'ops@agency.io', 'agency');
  });
  afterAll(async () => t.close());

  it('attributes a signup from a claimed domain to the agency', async () => {
    const claim = await t.call({
      method: 'POST',
      url: '/v1/domain-claims',
      payload: { domain: 'acme.com', affiliateId: agency.affiliateId },
    });
    expect(claim.statusCode).toBe(201);
    const response = await signup(t, { teamId: 'team_acme', email: 'Jane@Acme.com' }, trackKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      teamId: 'team_acme',
      attributed: true,
      affiliateId: agency.affiliateId,
      rule: 'agency_domain',
    });
    const body = await referral(t, 'team_acme');
    expect(body).toMatchObject({
      status: 'signed_up',
      source: 'agency',
      rule: 'agency_domain',
      clickId: null,
    });
    expect(body.events.map((event) => [event.type, event.cause])).toEqual([
      ['signed_up', 'attributed_by_agency_domain'],
    ]);
    expect(checkOf(body, 'agency_domain')).toMatchObject({ outcome: 'matched', domain: 'acme.com' });
  });

  it('attributes a click inside the window, as a direct link or as content', async () => {
    const clickedAt = ago(2 * msPerDay);
    const direct = await click(t, writer, clickedAt);
    const content = await click(t, writer, clickedAt, { tagged: true });
    const first = await signup(
      t,
      { teamId: 'team_direct', email: 'a@outlook.com', clickId: direct },
      trackKey,
    );
    const second = await signup(
      t,
      { teamId: 'team_content', email: 'b@outlook.com', clickId: content },
      trackKey,
    );
    expect(first.json()).toEqual({
      teamId: 'team_direct',
      attributed: true,
      affiliateId: writer.affiliateId,
      rule: 'click',
    });
    expect(second.json()).toMatchObject({ attributed: true, rule: 'click' });
    const directBody = await referral(t, 'team_direct');
    expect(directBody).toMatchObject({
      source: 'direct_link',
      clickId: direct,
      linkId: writer.link.id,
      tag: null,
    });
    expect(directBody.events.map((event) => [event.type, event.occurredAt])).toEqual([
      ['linked', clickedAt.toISOString()],
      ['signed_up', t.clock.now().toISOString()],
    ]);
    expect(checkOf(directBody, 'click')).toMatchObject({
      outcome: 'matched',
      clickId: direct,
      clickedAt: clickedAt.toISOString(),
      windowStart: ago(90 * msPerDay).toISOString(),
    });
    const contentBody = await referral(t, 'team_content');
    expect(contentBody).toMatchObject({
      source: 'content',
      tag: 'launch-post',
      linkId: writer.taggedLink.id,
    });
  });

  it('gives an agency claim precedence over a click, and a click over the email domain', async () => {
    await t.call({
      method: 'POST',
      url: '/v1/domain-claims',
      payload: { domain: 'initech.com', affiliateId: agency.affiliateId },
    });
    const devClick = await click(t, dev, ago(msPerDay));
    const claimed = await signup(t, { teamId: 'team_initech', email: 'p@initech.com', clickId: devClick });
    expect(claimed.json()).toMatchObject({ rule: 'agency_domain', affiliateId: agency.affiliateId });
    const claimedBody = await referral(t, 'team_initech');
    expect(checkOf(claimedBody, 'click')).toMatchObject({ outcome: 'outranked', clickId: devClick });

    const writerClick = await click(t, writer, ago(3 * msPerDay));
    await signup(t, { teamId: 'team_globex_1', email: 'first@globex.com', clickId: writerClick });
    const devClick2 = await click(t, dev, ago(msPerDay));
    const clicked = await signup(t, {
      teamId: 'team_globex_2',
      email: 'second@globex.com',
      clickId: devClick2,
    });
    expect(clicked.json()).toMatchObject({ rule: 'click', affiliateId: dev.affiliateId });
    const clickedBody = await referral(t, 'team_globex_2');
    expect(checkOf(clickedBody, 'email_domain')).toMatchObject({
      outcome: 'outranked',
      earlierTeamId: 'team_globex_1',
    });
  });

  it('attributes a later team of the same company domain to the same referrer and source', async () => {
    const tagged = await click(t, writer, ago(5 * msPerDay), { tagged: true });
    await signup(t, { teamId: 'team_hooli_1', email: 'gavin@hooli.com', clickId: tagged });
    const response = await signup(t, { teamId: 'team_hooli_2', email: 'big.head@hooli.com' });
    expect(response.json()).toEqual({
      teamId: 'team_hooli_2',
      attributed: true,
      affiliateId: writer.affiliateId,
      rule: 'email_domain',
    });
    const body = await referral(t, 'team_hooli_2');
    expect(body).toMatchObject({
      source: 'content',
      tag: 'launch-post',
      linkId: writer.taggedLink.id,
      clickId: null,
    });
    expect(checkOf(body, 'email_domain')).toMatchObject({
      outcome: 'matched',
      earlierTeamId: 'team_hooli_1',
      earlierSignedUpAt: t.clock.now().toISOString(),
    });
    expect(body.events.map((event) => event.type)).toEqual(['signed_up']);
  });

  it('attributes a click fresh from the redirect, still in the click buffer', async () => {
    const visit = await t.app.inject({
      method: 'GET',
      url: `/r/${writer.taggedLink.code}`,
      headers: { 'user-agent': browserAgent },
      remoteAddress: '198.51.100.77',
    });
    expect(visit.statusCode).toBe(302);
    const clickId = new URL(String(visit.headers.location)).searchParams.get('emd_click')!;
    expect(clickId).toBeTruthy();
    const response = await signup(
      t,
      { teamId: 'team_redirected', email: 'r@outlook.com', clickId },
      trackKey,
    );
    expect(response.json()).toMatchObject({
      attributed: true,
      rule: 'click',
      affiliateId: writer.affiliateId,
    });
    expect(await referral(t, 'team_redirected')).toMatchObject({
      clickId,
      source: 'content',
      tag: 'launch-post',
    });
  });

  it('lets an unknown click id fall through to the other rules and says so', async () => {
    const writerClick = await click(t, writer, ago(msPerDay));
    await signup(t, { teamId: 'team_umbrella_1', email: 'a@umbrella.com', clickId: writerClick });
    const response = await signup(t, {
      teamId: 'team_umbrella_2',
      email: 'b@umbrella.com',
      clickId: 'clk_never_stored',
    });
    expect(response.json()).toMatchObject({
      attributed: true,
      rule: 'email_domain',
      affiliateId: writer.affiliateId,
    });
    const body = await referral(t, 'team_umbrella_2');
    expect(checkOf(body, 'click')).toEqual({
      rule: 'click',
      outcome: 'no_match',
      reason: 'click_unknown',
      clickId: 'clk_never_stored',
    });
  });

  it('counts a click exactly at the window end and refuses one a second older', async () => {
    const clickedAt = ago(100 * msPerDay);
    const edge = await click(t, dev, clickedAt);
    const old = await click(t, dev, clickedAt);
    const windowEnd = new Date(clickedAt.getTime() + 90 * msPerDay);
    const inside = await signup(t, {
      teamId: 'team_edge_in',
      email: 'edge1@gmail.com',
      clickId: edge,
      occurredAt: windowEnd.toISOString(),
    });
    expect(inside.json()).toMatchObject({ attributed: true, rule: 'click' });
    const outside = await signup(t, {
      teamId: 'team_edge_out',
      email: 'edge2@gmail.com',
      clickId: old,
      occurredAt: new Date(windowEnd.getTime() + 1000).toISOString(),
    });
    expect(outside.json()).toEqual({ teamId: 'team_edge_out', attributed: false, rule: null });
    const body = await referral(t, 'team_edge_out');
    expect(body).toMatchObject({ status: 'signed_up', affiliateId: null, rule: null });
    expect(checkOf(body, 'click')).toMatchObject({
      outcome: 'no_match',
      reason: 'click_expired',
      clickedAt: clickedAt.toISOString(),
      windowStart: new Date(clickedAt.getTime() + 1000).toISOString(),
    });
  });

  it('refuses a click that happened after the signup', async () => {
    const later = await click(t, dev, ago(60 * 60_000));
    const response = await signup(t, {
      teamId: 'team_before_click',
      email: 'early@gmail.com',
      clickId: later,
      occurredAt: ago(2 * 60 * 60_000).toISOString(),
    });
    expect(response.json()).toMatchObject({ attributed: false, rule: null });
    expect(checkOf(await referral(t, 'team_before_click'), 'click')).toMatchObject({
      reason: 'click_after_signup',
    });
  });

  it('never matches free-mail or disposable domains by domain', async () => {
    const writerClick = await click(t, writer, ago(msPerDay));
    await signup(t, { teamId: 'team_free_1', email: 'one@yahoo.com', clickId: writerClick });
    for (const [teamId, email] of [
      ['team_free_2', 'two@yahoo.com'],
      ['team_free_3', 'three@mailinator.com'],
    ] as const) {
      const response = await signup(t, { teamId, email });
      expect(response.json()).toEqual({ teamId, attributed: false, rule: null });
      expect(checkOf(await referral(t, teamId), 'email_domain')).toMatchObject({
        reason: 'not_company_domain',
      });
    }
  });

  describe('self-referral', () => {
    it('refuses and flags the affiliate signing up with its own email', async () => {
      const own = await click(t, dev, ago(msPerDay));
      const response = await signup(t, { teamId: 'team_self_email', email: 'DEV@gmail.com', clickId: own });
      expect(response.json()).toEqual({ teamId: 'team_self_email', attributed: false, rule: null });
      const body = await referral(t, 'team_self_email');
      expect(body).toMatchObject({ status: 'rejected', affiliateId: null, rule: null });
      expect(body.events.map((event) => [event.type, event.cause])).toEqual([
        ['signed_up', 'self_referral_signup'],
        ['rejected', 'self_referral'],
      ]);
      expect(body.evidence).toMatchObject({
        decision: 'self_referral',
        selfReferral: { affiliateId: dev.affiliateId, rule: 'click', cause: 'own_email' },
      });
      const flags = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=open' });
      expect((flags.json() as { flags: unknown[] }).flags).toContainEqual(
        expect.objectContaining({
          kind: 'self_referral',
          status: 'open',
          affiliateId: dev.affiliateId,
          teamId: 'team_self_email',
          details: expect.objectContaining({ cause: 'own_email', clickId: own }),
        }),
      );
    });

    it('refuses and flags a signup from the affiliate’s own company domain', async () => {
      const own = await click(t, writer, ago(msPerDay));
      const response = await signup(t, {
        teamId: 'team_self_domain',
        email: 'colleague@writer.dev',
        clickId: own,
      });
      expect(response.json()).toMatchObject({ attributed: false, rule: null });
      const body = await referral(t, 'team_self_domain');
      expect(body.status).toBe('rejected');
      const [flag] = await t.context.db.query<{ affiliate_id: string; details: { cause: string } }>(
        "SELECT affiliate_id, details FROM fraud_flags WHERE team_id = 'team_self_domain'",
      );
      expect(flag).toMatchObject({
        affiliate_id: writer.affiliateId,
        details: { cause: 'own_company_domain' },
      });
    });

    it('does not treat another gmail.com address as the gmail.com affiliate’s own', async () => {
      const devClick = await click(t, dev, ago(msPerDay));
      const response = await signup(t, {
        teamId: 'team_gmail_friend',
        email: 'friend@gmail.com',
        clickId: devClick,
      });
      expect(response.json()).toMatchObject({
        attributed: true,
        rule: 'click',
        affiliateId: dev.affiliateId,
      });
      const flags = await t.context.db.query("SELECT 1 FROM fraud_flags WHERE team_id = 'team_gmail_friend'");
      expect(flags).toHaveLength(0);
    });
  });

  describe('a team is attributed once', () => {
    it('answers a repeat as the first time and writes nothing, even with another click id', async () => {
      const devClick = await click(t, dev, ago(msPerDay));
      const first = await signup(t, { teamId: 'team_once', email: 'once@gmail.com', clickId: devClick });
      const before = await writtenRows(t);
      const repeat = await signup(t, { teamId: 'team_once', email: 'once@gmail.com', clickId: devClick });
      const writerClick = await click(t, writer, ago(60_000));
      const moved = await signup(t, { teamId: 'team_once', email: 'other@hooli.com', clickId: writerClick });
      expect(repeat.json()).toEqual(first.json());
      expect(moved.json()).toEqual(first.json());
      expect(await writtenRows(t)).toEqual(before);
      expect(await referral(t, 'team_once')).toMatchObject({
        affiliateId: dev.affiliateId,
        clickId: devClick,
      });
    });

    it('keeps an unattributed team unattributed when a click id arrives later', async () => {
      const first = await signup(t, { teamId: 'team_plain', email: 'plain@gmail.com' });
      expect(first.json()).toEqual({ teamId: 'team_plain', attributed: false, rule: null });
      const devClick = await click(t, dev, ago(msPerDay));
      const again = await signup(t, { teamId: 'team_plain', email: 'plain@gmail.com', clickId: devClick });
      expect(again.json()).toEqual(first.json());
      const body = await referral(t, 'team_plain');
      expect(body.events.map((event) => [event.type, event.cause])).toEqual([
        ['signed_up', 'unattributed_signup'],
      ]);
    });

    it('records one team for ten concurrent identical signups', async () => {
      const devClick = await click(t, dev, ago(msPerDay));
      const payload = { teamId: 'team_race', email: 'race@gmail.com', clickId: devClick };
      const responses = await Promise.all(Array.from({ length: 10 }, () => signup(t, payload, trackKey)));
      for (const response of responses) {
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
          teamId: 'team_race',
          attributed: true,
          affiliateId: dev.affiliateId,
          rule: 'click',
        });
      }
      const teams = await t.context.db.query("SELECT 1 FROM teams WHERE id = 'team_race'");
      const events = await t.context.db.query<{ type: string }>(
        "SELECT type FROM referral_events WHERE team_id = 'team_race' ORDER BY id",
      );
      expect(teams).toHaveLength(1);
      expect(events.map((event) => event.type)).toEqual(['linked', 'signed_up']);
    });
  });

  describe('bad input', () => {
    const bodies: Array<{ name: string; payload: unknown; path?: string }> = [
      {
        name: 'teamId of the wrong type',
        payload: { teamId: 42, email: 'x@gmail.com' },
        path: 'body.teamId',
      },
      {
        name: 'email of the wrong type',
        payload: { teamId: 'team_bad', email: ['x@gmail.com'] },
        path: 'body.email',
      },
      {
        name: 'an email that is not one',
        payload: { teamId: 'team_bad', email: 'not-an-email' },
        path: 'body.email',
      },
      { name: 'no email', payload: { teamId: 'team_bad' }, path: 'body.email' },
      {
        name: 'clickId of the wrong type',
        payload: { teamId: 'team_bad', email: 'x@gmail.com', clickId: 7 },
        path: 'body.clickId',
      },
      {
        name: 'a teamId that is not URL-safe',
        payload: { teamId: 'team/../x', email: 'x@gmail.com' },
        path: 'body.teamId',
      },
      {
        name: 'a clickId with a NUL byte',
        payload: { teamId: 'team_bad', email: 'x@gmail.com', clickId: 'clk_\u0000x' },
        path: 'body.clickId',
      },
      {
        name: 'an email with a NUL byte',
        payload: { teamId: 'team_bad', email: 'x\u0000@gmail.com' },
        path: 'body.email',
      },
      {
        name: 'an unknown field',
        payload: { teamId: 'team_bad', email: 'x@gmail.com', affiliateId: 'aff_x' },
      },
      {
        name: 'occurredAt that is not a time',
        payload: { teamId: 'team_bad', email: 'x@gmail.com', occurredAt: 'yesterday' },
        path: 'body.occurredAt',
      },
      {
        name: 'occurredAt before 2000',
        payload: { teamId: 'team_bad', email: 'x@gmail.com', occurredAt: '1999-12-31T23:59:59Z' },
        path: 'occurredAt',
      },
      { name: 'a JSON array', payload: [] },
    ];
    it.each(bodies)('answers $name with 400 problem+json and writes nothing', async ({ payload, path }) => {
      const before = await writtenRows(t);
      const response = await t.call({
        method: 'POST',
        url: '/v1/track/signup',
        payload: payload as object,
        auth: trackKey,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      if (path) expect(response.json()).toMatchObject({ path });
      expect(await writtenRows(t)).toEqual(before);
    });

    it('refuses an occurredAt more than five minutes ahead of the clock, and accepts one within', async () => {
      const before = await writtenRows(t);
      const ahead = new Date(t.clock.now().getTime() + 5 * 60_000 + 1000).toISOString();
      const refused = await signup(t, { teamId: 'team_future', email: 'f@gmail.com', occurredAt: ahead });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', path: 'occurredAt' });
      expect(await writtenRows(t)).toEqual(before);
      const slightlyAhead = new Date(t.clock.now().getTime() + 4 * 60_000).toISOString();
      const accepted = await signup(t, {
        teamId: 'team_future',
        email: 'f@gmail.com',
        occurredAt: slightlyAhead,
      });
      expect(accepted.statusCode).toBe(200);
    });

    it('needs a track or admin key', async () => {
      const none = await signup(t, { teamId: 'team_nokey', email: 'k@gmail.com' }, null);
      expect(none.statusCode).toBe(401);
      const teams = await t.context.db.query("SELECT 1 FROM teams WHERE id = 'team_nokey'");
      expect(teams).toHaveLength(0);
    });
  });
});

describe('first-click attribution model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('credits the earliest counted click of the same visitor inside the window once selected', async () => {
    const early = await referrer(t, 'early@writer.dev');
    const late = await referrer(t, 'late@gmail.com');
    const now = t.clock.now().getTime();
    const visitorHash = 'visitor_shared';
    const tooOld = await click(t, late, new Date(now - 95 * msPerDay), { visitorHash });
    const uncounted = await click(t, late, new Date(now - 40 * msPerDay), { visitorHash, counted: false });
    const first = await click(t, early, new Date(now - 20 * msPerDay), { visitorHash, tagged: true });
    const last = await click(t, late, new Date(now - msPerDay), { visitorHash });
    await click(t, late, new Date(now - 30 * msPerDay), { visitorHash: 'someone_else' });

    const lastClick = await signup(t, { teamId: 'team_last', email: 'l@gmail.com', clickId: last });
    expect(lastClick.json()).toMatchObject({ rule: 'click', affiliateId: late.affiliateId });

    const settings = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { attributionModel: 'first_click' } },
    });
    expect(settings.statusCode).toBe(201);
    const firstClick = await signup(t, { teamId: 'team_first', email: 'f@gmail.com', clickId: last });
    expect(firstClick.json()).toMatchObject({ rule: 'click', affiliateId: early.affiliateId });
    const body = await referral(t, 'team_first');
    expect(body).toMatchObject({ clickId: first, source: 'content', linkId: early.taggedLink.id });
    expect(body.evidence).toMatchObject({ attributionModel: 'first_click' });
    expect(checkOf(body, 'click')).toMatchObject({ namedClickId: last, chosenBy: 'first_click' });
    expect([tooOld, uncounted]).not.toContain(body.clickId);
    expect(await referral(t, 'team_last')).toMatchObject({ clickId: last, affiliateId: late.affiliateId });
  });
});
