import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfiguration } from '../../src/agencies/rules/configuration.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { configurationWith, projectRowCounts } from './projects_support.js';
import { approvedAgency, asSession, type BrowserSession } from './workspace_support.js';

describe('projects from a signed-in agency owner', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let agencyId: string;
  let owner: BrowserSession;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await startTestApp({ config: { smtpUrl: smtp.url } });
    ({ agencyId, owner } = await approvedAgency(t, smtp, 'boss@studio.test'));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('records the signed-in user as the author of versions and of the hand-off', async () => {
    const [user] = await t.context.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      'boss@studio.test',
    ]);
    const created = await asSession(t, owner, {
      method: 'POST',
      url: `/v1/agencies/${agencyId}/projects`,
      payload: { name: 'Acme', configuration: exampleConfiguration },
    });
    expect(created.statusCode, created.body).toBe(201);
    const projectId = created.json().id as string;
    const saved = await asSession(t, owner, {
      method: 'PUT',
      url: `/v1/projects/${projectId}/configuration`,
      payload: { configuration: configurationWith({ ignore: [] }), message: 'No ignores' },
    });
    expect(saved.json()).toMatchObject({
      version: 2,
      author: { userId: user!.id, email: 'boss@studio.test' },
    });
    expect(saved.json().author).not.toHaveProperty('keyId');
    const handedOff = await asSession(t, owner, {
      method: 'POST',
      url: `/v1/projects/${projectId}/handoff`,
      payload: { teamId: 'team_acme' },
    });
    expect(handedOff.statusCode, handedOff.body).toBe(200);
    const referral = (await t.call({ method: 'GET', url: '/v1/referrals/team_acme' })).json();
    expect(referral.events[0].data.handedOffBy).toEqual({
      userId: user!.id,
      keyId: null,
      email: 'boss@studio.test',
    });
  });

  it('refuses a state change without the CSRF token, writing nothing', async () => {
    const before = await projectRowCounts(t);
    const response = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agencyId}/projects`,
      headers: { cookie: owner.cookie },
      payload: { name: 'Forged', configuration: exampleConfiguration },
      auth: null,
    });
    expect(response.statusCode).toBe(403);
    expect(await projectRowCounts(t)).toEqual(before);
  });
});
