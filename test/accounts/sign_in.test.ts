import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create_user.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate } from '../support/attribution.js';
import { signInPathIn, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { asBrowser, cookieValue, requestLink, setCookies, signIn } from './support.js';

let t: TestApp;
let smtp: TestSmtpServer;
let affiliateId: string;
let otherAffiliateId: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url, bootstrapManagerEmail: 'Manager@EmDash.test' } });
  affiliateId = await createAffiliate(t, 'dev@writer.test');
  otherAffiliateId = await createAffiliate(t, 'someone@else.test');
  await createUser(t.context, { email: 'Dev@Writer.test', roles: ['affiliate'], affiliateId });
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function tableCount(table: string): Promise<number> {
  const rows = await t.context.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
  return rows[0]!.count;
}

describe('sign-in by emailed link', () => {
  it('mails a one-time link over SMTP that opens a session in HttpOnly cookies', async () => {
    const mailCount = smtp.received.length + 1;
    const answer = await requestLink(t, '  DEV@writer.TEST ');
    expect(answer.statusCode).toBe(202);
    const mail = await smtp.nextMail(mailCount);
    expect(mail.to).toEqual(['dev@writer.test']);
    const path = signInPathIn(mail);
    expect(mail.text).toContain('http://emdash.test/auth/verify?token=');

    const verify = await t.call({ method: 'GET', url: path, auth: null });
    expect(verify.statusCode).toBe(303);
    expect(verify.headers.location).toBe('/');
    const cookies = setCookies(verify);
    const sessionCookie = cookies.find((cookie) => cookie.startsWith('emd_session='))!;
    expect(sessionCookie).toMatch(/; HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).toMatch(/Path=\//);
    expect(sessionCookie).toMatch(/Max-Age=2592000/);
    expect(sessionCookie).not.toMatch(/Secure/);
    expect(cookies.find((cookie) => cookie.startsWith('emd_csrf='))).not.toMatch(/HttpOnly/);

    // Only hashes are stored.
    const token = new URLSearchParams(path.split('?')[1]).get('token')!;
    const stored = await t.context.db.query<{ token_hash: string }>('SELECT token_hash FROM sign_in_tokens');
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
    const sessionToken = cookieValue(cookies, 'emd_session')!;
    const sessions = await t.context.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(sessions.map((row) => row.token_hash)).not.toContain(sessionToken);

    const session = { cookie: `emd_session=${sessionToken}`, csrfToken: cookieValue(cookies, 'emd_csrf')! };
    const me = await asBrowser(t, session, { method: 'GET', url: '/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: 'dev@writer.test' },
      roles: ['affiliate'],
      via: 'session',
      scope: 'affiliate',
      affiliateId,
      csrfToken: session.csrfToken,
    });
    expect(cookieValue(setCookies(me), 'emd_csrf')).toBe(session.csrfToken);

    // The same link a second time: a page that says so, and no session.
    const again = await t.call({ method: 'GET', url: path, auth: null });
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toMatch(/text\/html/);
    expect(again.body).toContain('already used');
    expect(again.body).toContain('new sign-in link');
    expect(setCookies(again)).toEqual([]);
  });

  it('answers an unknown email exactly as a known one, and sends nothing', async () => {
    const tokensBefore = await tableCount('sign_in_tokens');
    const mailsBefore = smtp.received.length;
    const unknown = await requestLink(t, 'nobody@nowhere.test');
    const known = await requestLink(t, 'dev@writer.test');
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const mail = await smtp.nextMail(mailsBefore + 1);
    expect(mail.to).toEqual(['dev@writer.test']);
    expect(await tableCount('sign_in_tokens')).toBe(tokensBefore + 1);
    expect(smtp.received.slice(mailsBefore).every((m) => !m.to.includes('nobody@nowhere.test'))).toBe(true);
  });

  it('opens one session when the same link is followed twice at once', async () => {
    const mailCount = smtp.received.length + 1;
    await requestLink(t, 'dev@writer.test');
    const path = signInPathIn(await smtp.nextMail(mailCount));
    const sessionsBefore = await tableCount('sessions');
    const answers = await Promise.all([1, 2].map(() => t.call({ method: 'GET', url: path, auth: null })));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 410]);
    expect(await tableCount('sessions')).toBe(sessionsBefore + 1);
  });

  it('refuses a link after its 15 minutes', async () => {
    const mailCount = smtp.received.length + 1;
    await requestLink(t, 'dev@writer.test');
    const path = signInPathIn(await smtp.nextMail(mailCount));
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 15 * 60_000));
    const late = await t.call({ method: 'GET', url: path, auth: null });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('expired');
    expect(setCookies(late)).toEqual([]);
  });

  it('answers unknown and missing tokens with a page, and bad input with problem+json', async () => {
    const unknown = await t.call({ method: 'GET', url: '/auth/verify?token=abc', auth: null });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('not valid');
    const missing = await t.call({ method: 'GET', url: '/auth/verify', auth: null });
    expect(missing.statusCode).toBe(400);
    for (const payload of [{ email: 'not an email' }, {}, { email: 'a@b.test', extra: 1 }]) {
      const bad = await t.call({ method: 'POST', url: '/v1/auth/magic-link', payload, auth: null });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});

describe('a session', () => {
  it('sees only its own affiliate: another affiliate is not found', async () => {
    const session = await signIn(t, smtp, 'dev@writer.test');
    const own = await asBrowser(t, session, { method: 'GET', url: `/v1/affiliates/${affiliateId}/balance` });
    expect(own.statusCode).toBe(200);
    const other = await asBrowser(t, session, {
      method: 'GET',
      url: `/v1/affiliates/${otherAffiliateId}/balance`,
    });
    expect(other.statusCode).toBe(404);
    const admin = await asBrowser(t, session, { method: 'GET', url: '/v1/admin/ledger/verify' });
    expect(admin.statusCode).toBe(403);
  });

  it('needs the CSRF token and a same-site origin to change anything', async () => {
    const session = await signIn(t, smtp, 'dev@writer.test');
    const linksBefore = await tableCount('links');
    const create = (headers: Record<string, string>) =>
      asBrowser(t, session, { method: 'POST', url: '/v1/links', payload: { affiliateId }, headers });

    const noToken = await create({});
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ code: 'forbidden', reason: 'csrf' });
    const wrongToken = await create({ 'x-csrf-token': `${session.csrfToken.slice(1)}x` });
    expect(wrongToken.statusCode).toBe(403);
    const foreign = await create({ 'x-csrf-token': session.csrfToken, origin: 'https://evil.test' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ reason: 'origin' });
    expect(await tableCount('links')).toBe(linksBefore);

    const allowed = await create({ 'x-csrf-token': session.csrfToken, origin: 'http://emdash.test' });
    expect(allowed.statusCode).toBe(201);
    expect(await tableCount('links')).toBe(linksBefore + 1);
    // Another affiliate's link, with a valid token: still refused as not found.
    const otherLink = await asBrowser(t, session, {
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId: otherAffiliateId },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(otherLink.statusCode).toBe(404);
  });

  it('ends at sign-out, which itself needs the CSRF token', async () => {
    const session = await signIn(t, smtp, 'dev@writer.test');
    const forged = await asBrowser(t, session, { method: 'POST', url: '/v1/auth/sign-out' });
    expect(forged.statusCode).toBe(403);
    expect((await asBrowser(t, session, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200);

    const out = await asBrowser(t, session, {
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(setCookies(out).some((cookie) => /^emd_session=;.*Max-Age=0/.test(cookie))).toBe(true);
    const after = await asBrowser(t, session, { method: 'GET', url: '/v1/me' });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('slides: used within 30 days it stays open, left alone for 30 days it ends', async () => {
    const session = await signIn(t, smtp, 'dev@writer.test');
    const dayMs = 24 * 3_600_000;
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 20 * dayMs));
    const renewed = await asBrowser(t, session, { method: 'GET', url: '/v1/me' });
    expect(renewed.statusCode).toBe(200);
    expect(setCookies(renewed).find((cookie) => cookie.startsWith('emd_session='))).toMatch(
      /Max-Age=2592000/,
    );
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 20 * dayMs));
    expect((await asBrowser(t, session, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200);
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 30 * dayMs));
    expect((await asBrowser(t, session, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
  });

  it('of the bootstrap program manager acts as admin', async () => {
    const session = await signIn(t, smtp, 'manager@emdash.test');
    const me = await asBrowser(t, session, { method: 'GET', url: '/v1/me' });
    expect(me.json()).toMatchObject({ roles: ['program_manager'], scope: 'admin', via: 'session' });
    expect(me.json()).not.toHaveProperty('affiliateId');
    const other = await asBrowser(t, session, {
      method: 'GET',
      url: `/v1/affiliates/${otherAffiliateId}/balance`,
    });
    expect(other.statusCode).toBe(200);
  });

  it('is not needed with a key: /v1/me describes the key', async () => {
    const me = await t.call({ method: 'GET', url: '/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: null, roles: [], via: 'key', scope: 'admin' });
    expect((await t.call({ method: 'GET', url: '/v1/me', auth: null })).statusCode).toBe(401);
    // A key takes precedence over a cookie and needs no CSRF token.
    const session = await signIn(t, smtp, 'dev@writer.test');
    const withKey = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId: otherAffiliateId },
      headers: { cookie: session.cookie },
    });
    expect(withKey.statusCode).toBe(201);
  });
});
