import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink, createTrackKey, signup, uniqueId } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';
import { signInPathIn, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { asBrowser, followLink, requestLink, signIn } from './support.js';

let t: TestApp;
let smtp: TestSmtpServer;
const dayMs = 24 * 3_600_000;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url } });
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

function apply(payload: Record<string, unknown>) {
  return t.call({ method: 'POST', url: '/v1/applications', payload, auth: null });
}

async function affiliateOf(email: string): Promise<{ id: string; status: string; website: string | null }> {
  const rows = await t.context.db.query<{ id: string; status: string; website: string | null }>(
    'SELECT id, status, website FROM affiliates WHERE email = $1',
    [email],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function count(sql: string, params: unknown[]): Promise<number> {
  return (await t.context.db.query<{ n: number }>(sql, params))[0]!.n;
}

describe('applying to join', () => {
  it('creates one pending affiliate and its user, however often the same email applies', async () => {
    const first = await apply({
      email: 'Writer@Blog.test',
      name: 'A writer',
      kind: 'developer',
      website: 'https://blog.test',
    });
    expect(first.statusCode).toBe(202);
    const again = await apply({ email: 'writer@blog.test', name: 'Someone else', kind: 'agency' });
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(first.body);
    const affiliate = await affiliateOf('writer@blog.test');
    expect(affiliate).toMatchObject({ status: 'pending', website: 'https://blog.test' });
    expect(await count('SELECT count(*)::int AS n FROM users WHERE email = $1', ['writer@blog.test'])).toBe(
      1,
    );
    const user = await t.context.db.query<{ roles: string[]; affiliate_id: string }>(
      'SELECT roles, affiliate_id FROM users WHERE email = $1',
      ['writer@blog.test'],
    );
    expect(user[0]).toEqual({ roles: ['affiliate'], affiliate_id: affiliate.id });
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM affiliates', []);
    for (const payload of [
      { email: 'x@y.test', name: 'X', kind: 'reseller' },
      { email: 'nope', name: 'X', kind: 'developer' },
      { email: 'x@y.test', name: '', kind: 'developer' },
      { email: 'x@y.test', name: 'X', kind: 'developer', website: 'javascript:alert(1)' },
      { email: 'x@y.test', name: 'X', kind: 'developer', status: 'active' },
    ]) {
      const response = await apply(payload);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await count('SELECT count(*)::int AS n FROM affiliates', [])).toBe(before);
  });

  it('gives a pending applicant no sign-in link; approval sends one that signs it in', async () => {
    await apply({ email: 'agency@studio.test', name: 'A studio', kind: 'agency' });
    const { id } = await affiliateOf('agency@studio.test');
    const mailsBefore = smtp.received.length;
    expect((await requestLink(t, 'agency@studio.test')).statusCode).toBe(202);

    const approved = await t.call({ method: 'POST', url: `/v1/affiliates/${id}/approve` });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id, status: 'active', kind: 'agency', signInLinkSent: true });
    const mail = await smtp.nextMail(mailsBefore + 1);
    // The link asked for while pending never went out: the first mail is the approval.
    expect(mail.to).toEqual(['agency@studio.test']);
    expect(mail.text).toContain('approved');
    const session = await followLink(t, signInPathIn(mail));
    const me = await asBrowser(t, session, { method: 'GET', url: '/v1/me' });
    expect(me.json()).toMatchObject({ roles: ['agency_owner'], affiliateId: id, agencyId: id });

    // Approving again changes nothing and sends nothing; rejecting an active affiliate is a conflict.
    const twice = await t.call({ method: 'POST', url: `/v1/affiliates/${id}/approve` });
    expect(twice.json()).toMatchObject({ status: 'active', signInLinkSent: false });
    const reject = await t.call({ method: 'POST', url: `/v1/affiliates/${id}/reject` });
    expect(reject.statusCode).toBe(409);
    expect(reject.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(smtp.received.length).toBe(mailsBefore + 1);

    // A suspended affiliate's open session stops acting at once.
    await t.context.db.query(`UPDATE affiliates SET status = 'suspended' WHERE id = $1`, [id]);
    expect((await asBrowser(t, session, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
    await t.context.db.query(`UPDATE affiliates SET status = 'active' WHERE id = $1`, [id]);
    expect((await asBrowser(t, session, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200);
  });

  it('rejects: the applicant stays out, and a rejection is final', async () => {
    await apply({ email: 'spam@spam.test', name: 'Spam', kind: 'developer' });
    const { id } = await affiliateOf('spam@spam.test');
    const rejected = await t.call({ method: 'POST', url: `/v1/affiliates/${id}/reject` });
    expect(rejected.json()).toMatchObject({ status: 'rejected', signInLinkSent: false });
    expect((await t.call({ method: 'POST', url: `/v1/affiliates/${id}/reject` })).statusCode).toBe(200);
    expect((await t.call({ method: 'POST', url: `/v1/affiliates/${id}/approve` })).statusCode).toBe(409);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM sign_in_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1',
        ['spam@spam.test'],
      ),
    ).toBe(0);
    const unknown = await t.call({ method: 'POST', url: '/v1/affiliates/aff_nope/approve' });
    expect(unknown.statusCode).toBe(404);
  });

  it('is decided only by a program manager', async () => {
    await apply({ email: 'hopeful@site.test', name: 'Hopeful', kind: 'developer' });
    const { id } = await affiliateOf('hopeful@site.test');
    const activeId = await createAffiliate(t, 'member@team.test');
    await t.context.db.query(
      `INSERT INTO users (id, email, roles, affiliate_id, created_at) VALUES ('usr_member', 'member@team.test', '{affiliate}', $1, now())`,
      [activeId],
    );
    const session = await signIn(t, smtp, 'member@team.test');
    const attempt = await asBrowser(t, session, {
      method: 'POST',
      url: `/v1/affiliates/${id}/approve`,
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(attempt.statusCode).toBe(403);
    expect(
      (await t.call({ method: 'POST', url: `/v1/affiliates/${id}/approve`, auth: null })).statusCode,
    ).toBe(401);
    expect((await affiliateOf('hopeful@site.test')).status).toBe('pending');
  });
});

describe('only active affiliates earn', () => {
  /** A team referred through the affiliate's link, active on 7 days: Tier 1 for an active affiliate. */
  async function referTeamActiveForAWeek(affiliateId: string, trackKey: string): Promise<string> {
    const link = await createLink(t, affiliateId);
    const clickId = uniqueId('clk');
    const signupAt = t.clock.now();
    await insertClick(t.context.db, {
      id: clickId,
      linkId: link.id,
      affiliateId,
      occurredAt: new Date(signupAt.getTime() - 3_600_000),
    });
    const teamId = uniqueId('team');
    const answer = await signup(
      t,
      { teamId, email: `owner@${teamId.replace('_', '-').toLowerCase()}.test`, clickId },
      trackKey,
    );
    expect(answer.json()).toMatchObject({ attributed: true, affiliateId });
    await t.clock.advanceTo(new Date(signupAt.getTime() + 8 * dayMs));
    const events = Array.from({ length: 7 }, (_, day) => ({
      id: uniqueId('evt'),
      teamId,
      apiCalls: 200,
      occurredAt: new Date(signupAt.getTime() + day * dayMs + 3_600_000).toISOString(),
    }));
    const usage = await t.call({
      method: 'POST',
      url: '/v1/track/usage',
      auth: trackKey,
      payload: { events },
    });
    expect(usage.json()).toMatchObject({ accepted: 7 });
    return teamId;
  }

  async function commissionsOf(affiliateId: string): Promise<number> {
    return count('SELECT count(*)::int AS n FROM commissions WHERE affiliate_id = $1', [affiliateId]);
  }

  async function pendingCents(affiliateId: string): Promise<number> {
    const balance = await t.call({ method: 'GET', url: `/v1/affiliates/${affiliateId}/balance` });
    return (balance.json() as { pendingCents: number }).pendingCents;
  }

  it('grants a pending affiliate nothing for the same referral that earns an active one Tier 1', async () => {
    const trackKey = await createTrackKey(t);
    await apply({ email: 'pending@earner.test', name: 'Pending', kind: 'developer' });
    const pending = (await affiliateOf('pending@earner.test')).id;
    const active = await createAffiliate(t, 'active@earner.test');

    await referTeamActiveForAWeek(active, trackKey);
    await referTeamActiveForAWeek(pending, trackKey);

    expect(await commissionsOf(active)).toBe(1);
    expect(await pendingCents(active)).toBe(5_000);
    expect(await commissionsOf(pending)).toBe(0);
    expect(await pendingCents(pending)).toBe(0);
  });
});
