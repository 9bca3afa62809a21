import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSignInLink } from '../../src/accounts/request_sign_in_link.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import {
  approvedAgency,
  asSession,
  type BrowserSession,
  followMailTo,
  workspaceKey,
} from './workspace_support.js';

let t: TestApp;
let smtp: TestSmtpServer;
let agencyId: string;
let owner: BrowserSession;
let otherAgencyId: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url } });
  ({ agencyId, owner } = await approvedAgency(t, smtp, 'boss@studio.test'));
  ({ agencyId: otherAgencyId } = await approvedAgency(t, smtp, 'boss@rival.test'));
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

const membersUrl = () => `/v1/agencies/${agencyId}/members`;

describe('an approved agency', () => {
  it("gives its applicant the agency_owner role and a workspace that is the agency's id", async () => {
    const me = await asSession(t, owner, { method: 'GET', url: '/v1/me' });
    expect(me.json()).toMatchObject({ roles: ['agency_owner'], affiliateId: agencyId, agencyId });
    const workspace = await asSession(t, owner, { method: 'GET', url: `/v1/agencies/${agencyId}` });
    expect(workspace.statusCode).toBe(200);
    expect(workspace.json()).toMatchObject({ id: agencyId, email: 'boss@studio.test', status: 'active' });
  });
});

describe('workspace members', () => {
  let memberId: string;
  let member: BrowserSession;

  it('an owner invites a member, who gets a sign-in link and acts for the agency', async () => {
    const mailCount = smtp.received.length + 1;
    const invited = await asSession(t, owner, {
      method: 'POST',
      url: membersUrl(),
      payload: { email: ' Dev@Studio.test ', role: 'agency_member' },
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ email: 'dev@studio.test', roles: ['agency_member'] });
    memberId = invited.json().userId;
    const mail = await smtp.nextMail(mailCount);
    expect(mail.text).toContain('invited to an agency workspace');
    member = await followMailTo(t, smtp, 'dev@studio.test', mailCount);
    const me = await asSession(t, member, { method: 'GET', url: '/v1/me' });
    expect(me.json()).toMatchObject({ roles: ['agency_member'], agencyId });

    const list = await asSession(t, member, { method: 'GET', url: membersUrl() });
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .members.map((m: { email: string }) => m.email)
        .sort(),
    ).toEqual(['boss@studio.test', 'dev@studio.test']);
  });

  it('inviting a current member again answers it and sends nothing', async () => {
    const mails = smtp.received.length;
    const again = await asSession(t, owner, {
      method: 'POST',
      url: membersUrl(),
      payload: { email: 'dev@studio.test', role: 'agency_member' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().userId).toBe(memberId);
    expect(smtp.received.length).toBe(mails);
  });

  it("an email of another agency's user is a conflict and writes nothing", async () => {
    const [before] = await t.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    const taken = await asSession(t, owner, {
      method: 'POST',
      url: membersUrl(),
      payload: { email: 'boss@rival.test', role: 'agency_member' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toMatch(/problem\+json/);
    const [after] = await t.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(after!.n).toBe(before!.n);
  });

  it('a member may neither manage members nor keys (403), and a workspace key neither', async () => {
    const invite = await asSession(t, member, {
      method: 'POST',
      url: membersUrl(),
      payload: { email: 'x@studio.test', role: 'agency_member' },
    });
    expect(invite.statusCode).toBe(403);
    expect(
      (await asSession(t, member, { method: 'GET', url: `/v1/agencies/${agencyId}/keys` })).statusCode,
    ).toBe(403);
    const removal = await asSession(t, member, { method: 'DELETE', url: `${membersUrl()}/${memberId}` });
    expect(removal.statusCode).toBe(403);
    const { key } = await workspaceKey(t, owner, agencyId);
    const byKey = await t.call({ method: 'GET', url: `/v1/agencies/${agencyId}/keys`, auth: key });
    expect(byKey.statusCode).toBe(403);
    // The key reads the workspace all the same.
    expect((await t.call({ method: 'GET', url: membersUrl(), auth: key })).statusCode).toBe(200);
  });

  it("another workspace's owner gets 404 on this workspace's members", async () => {
    const rival = await asSession(t, owner, { method: 'GET', url: `/v1/agencies/${otherAgencyId}/members` });
    expect(rival.statusCode).toBe(404);
  });

  it('the last owner cannot be removed', async () => {
    const [ownerRow] = await t.context.db.query<{ id: string }>(
      "SELECT id FROM users WHERE email = 'boss@studio.test'",
    );
    const removal = await asSession(t, owner, { method: 'DELETE', url: `${membersUrl()}/${ownerRow!.id}` });
    expect(removal.statusCode).toBe(409);
  });

  it("removing a member ends its sessions at once; it can't sign in again", async () => {
    const removal = await asSession(t, owner, { method: 'DELETE', url: `${membersUrl()}/${memberId}` });
    expect(removal.statusCode).toBe(204);
    const me = await asSession(t, member, { method: 'GET', url: '/v1/me' });
    expect(me.statusCode).toBe(401);
    const list = await asSession(t, owner, { method: 'GET', url: membersUrl() });
    expect(list.json().members.map((m: { userId: string }) => m.userId)).not.toContain(memberId);
    const sent: string[] = [];
    await requestSignInLink(
      t.context,
      { sendSignInLink: async (mail) => void sent.push(mail.to) },
      'dev@studio.test',
    );
    expect(sent).toEqual([]);
    const again = await asSession(t, owner, { method: 'DELETE', url: `${membersUrl()}/${memberId}` });
    expect(again.statusCode).toBe(404);
  });

  it('a removed person can be invited again, as an owner, and then the first owner can go', async () => {
    const mailCount = smtp.received.length + 1;
    const invited = await asSession(t, owner, {
      method: 'POST',
      url: membersUrl(),
      payload: { email: 'dev@studio.test', role: 'agency_owner' },
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ userId: memberId, roles: ['agency_owner'] });
    const newOwner = await followMailTo(t, smtp, 'dev@studio.test', mailCount);
    const [first] = await t.context.db.query<{ id: string }>(
      "SELECT id FROM users WHERE email = 'boss@studio.test'",
    );
    const removal = await asSession(t, newOwner, { method: 'DELETE', url: `${membersUrl()}/${first!.id}` });
    expect(removal.statusCode).toBe(204);
    expect((await asSession(t, owner, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
  });
});
