import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfiguration } from '../../src/agencies/rules/configuration.js';
import { referTeam } from '../commissions_flow/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createLink, signup } from '../support/attribution.js';
import {
  configurationWith,
  createAgencyWithKey,
  createProject,
  projectRowCounts,
} from './projects_support.js';

describe('handing a project off to the client team', () => {
  let t: TestApp;
  let agency: { agencyId: string; key: string; keyId: string };
  let linkCode: string;

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-04-01T09:00:00Z') });
    agency = await createAgencyWithKey(t, 'ops@studio.example');
    linkCode = (await createLink(t, agency.agencyId)).code;
    // A later link does not change the agency's tag: it is its first link's code.
    await t.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: '2026-04-01T09:00:00.001Z' } });
    await createLink(t, agency.agencyId);
  });
  afterAll(async () => t.close());

  function handOff(projectId: string, teamId: string, auth = agency.key) {
    return t.call({ method: 'POST', url: `/v1/projects/${projectId}/handoff`, auth, payload: { teamId } });
  }

  it("attributes a team not yet recorded to the agency, once; the client's later signup changes nothing", async () => {
    const project = await createProject(t, agency, { name: 'Acme portal' });
    const second = configurationWith({ tools: { enabled: ['code_search'] } });
    await t.call({
      method: 'PUT',
      url: `/v1/projects/${project.id}/configuration`,
      auth: agency.key,
      payload: { configuration: second },
    });
    const response = await handOff(project.id, 'team_acme');
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer).toEqual({
      projectId: project.id,
      teamId: 'team_acme',
      handedOffAt: '2026-04-01T09:00:00.001Z',
      attributed: true,
      source: 'agency',
      affiliateId: agency.agencyId,
      configurationVersion: 2,
      referralTag: linkCode,
    });

    const referral = (await t.call({ method: 'GET', url: '/v1/referrals/team_acme' })).json();
    expect(referral).toMatchObject({
      status: 'signed_up',
      affiliateId: agency.agencyId,
      source: 'agency',
      rule: 'agency_handoff',
      emailDomain: 'client.example',
    });
    expect(referral.events).toEqual([
      expect.objectContaining({
        type: 'signed_up',
        cause: 'attributed_by_agency_handoff',
        data: expect.objectContaining({
          projectId: project.id,
          configurationVersion: 2,
          referralTag: linkCode,
          handedOffBy: { userId: null, keyId: agency.keyId, email: null },
        }),
      }),
    ]);
    const [event] = await t.context.db.query<{ affiliate_id: string; data: Record<string, unknown> }>(
      `SELECT affiliate_id, data FROM webhook_events WHERE type = 'project.handed_off'`,
    );
    expect(event).toEqual({
      affiliate_id: agency.agencyId,
      data: {
        projectId: project.id,
        agencyId: agency.agencyId,
        teamId: 'team_acme',
        configurationVersion: 2,
        configuration: second,
        referralTag: linkCode,
        attributed: true,
        handedOffAt: '2026-04-01T09:00:00.001Z',
      },
    });

    const before = await projectRowCounts(t);
    expect((await handOff(project.id, 'team_acme')).json()).toEqual(answer);
    const conflict = await handOff(project.id, 'team_other');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'conflict', path: 'teamId' });
    const later = await signup(t, { teamId: 'team_acme', email: 'cto@client.example' });
    expect(later.json()).toEqual({
      teamId: 'team_acme',
      attributed: true,
      affiliateId: agency.agencyId,
      rule: 'agency_handoff',
    });
    expect(await projectRowCounts(t)).toEqual(before);

    const read = (
      await t.call({ method: 'GET', url: `/v1/projects/${project.id}`, auth: agency.key })
    ).json();
    expect(read.handoff).toEqual({
      teamId: 'team_acme',
      handedOffAt: '2026-04-01T09:00:00.001Z',
      attributed: true,
    });
    const list = (
      await t.call({ method: 'GET', url: `/v1/agencies/${agency.agencyId}/handoffs`, auth: agency.key })
    ).json();
    expect(list.handoffs).toContainEqual({
      projectId: project.id,
      projectName: 'Acme portal',
      teamId: 'team_acme',
      handedOffAt: '2026-04-01T09:00:00.001Z',
      attributed: true,
      configurationVersion: 2,
    });
  });

  it("keeps another partner's team with that partner and sends a handoff_conflict flag for review", async () => {
    const { affiliateId: developerId } = await referTeam(t, {
      teamId: 'team_taken',
      email: 'lead@taken.example',
    });
    const project = await createProject(t, agency, { name: 'Taken', clientDomain: 'taken.example' });
    const response = await handOff(project.id, 'team_taken');
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ attributed: false, source: null, affiliateId: null });
    // The other partner's id stays private to the agency.
    expect(response.body).not.toContain(developerId);
    expect(answer.conflictFlagId).toMatch(/^flg_/);
    const referral = (await t.call({ method: 'GET', url: '/v1/referrals/team_taken' })).json();
    expect(referral).toMatchObject({ affiliateId: developerId, rule: 'click' });

    const flags = (await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?kind=handoff_conflict' })).json()
      .flags;
    const flag = flags.find((f: { id: string }) => f.id === answer.conflictFlagId);
    expect(flag).toMatchObject({ kind: 'handoff_conflict', status: 'open', teamId: 'team_taken' });
    expect(flag.details).toMatchObject({
      handoff: { agencyId: agency.agencyId, projectId: project.id, configurationVersion: 1 },
      attribution: { affiliateId: developerId, rule: 'click', source: 'direct_link' },
    });
    expect(flag.details.attribution.evidence).toMatchObject({ decision: 'attributed', rule: 'click' });
    const read = (
      await t.call({ method: 'GET', url: `/v1/projects/${project.id}`, auth: agency.key })
    ).json();
    expect(read.handoff).toMatchObject({ attributed: false, conflictFlagId: answer.conflictFlagId });
  });

  it("records the hand-off of a team already the agency's (by its client domain) without a flag", async () => {
    const claim = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/client-domains`,
      auth: agency.key,
      payload: { domain: 'claimed.example' },
    });
    expect(claim.statusCode, claim.body).toBe(201);
    await signup(t, { teamId: 'team_claimed', email: 'cto@claimed.example' });
    const project = await createProject(t, agency, { name: 'Claimed', clientDomain: 'claimed.example' });
    const before = await projectRowCounts(t);
    const response = await handOff(project.id, 'team_claimed');
    expect(response.json()).toMatchObject({
      attributed: true,
      source: 'agency',
      affiliateId: agency.agencyId,
    });
    expect(response.json()).not.toHaveProperty('conflictFlagId');
    const after = await projectRowCounts(t);
    expect(after.fraud_flags).toBe(before.fraud_flags);
    expect(after.project_handoffs).toBe((before.project_handoffs ?? 0) + 1);
    expect(after.teams).toBe(before.teams);
  });

  it("refuses a hand-off to one of the agency's own teams", async () => {
    const marked = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/internal-teams`,
      auth: agency.key,
      payload: { teamId: 'team_studio_own' },
    });
    expect(marked.statusCode, marked.body).toBe(201);
    const project = await createProject(t, agency, { name: 'Own' });
    const before = await projectRowCounts(t);
    const response = await handOff(project.id, 'team_studio_own');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict', path: 'teamId' });
    expect(await projectRowCounts(t)).toEqual(before);
  });

  it('refuses malformed team ids and unknown projects, writing nothing', async () => {
    const project = await createProject(t, agency, { configuration: exampleConfiguration });
    const before = await projectRowCounts(t);
    for (const payload of [
      {},
      { teamId: '' },
      { teamId: 'has space' },
      { teamId: 'x'.repeat(129) },
      { teamId: 'ok', extra: 1 },
    ]) {
      const response = await t.call({
        method: 'POST',
        url: `/v1/projects/${project.id}/handoff`,
        auth: agency.key,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await handOff('prj_missing', 'team_x')).statusCode).toBe(404);
    expect(await projectRowCounts(t)).toEqual(before);
  });
});
