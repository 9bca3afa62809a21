import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTrackKey, signup } from '../support/attribution.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { approvedAgency, asSession, type BrowserSession } from './workspace_support.js';

let t: TestApp;
let smtp: TestSmtpServer;
let trackKey: string;
let studio: { agencyId: string; owner: BrowserSession };
let rival: { agencyId: string; owner: BrowserSession };

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url } });
  trackKey = await createTrackKey(t);
  studio = await approvedAgency(t, smtp, 'boss@studio.test');
  rival = await approvedAgency(t, smtp, 'boss@rival.test');
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

const claim = (agency: { agencyId: string; owner: BrowserSession }, domain: string) =>
  asSession(t, agency.owner, {
    method: 'POST',
    url: `/v1/agencies/${agency.agencyId}/client-domains`,
    payload: { domain },
  });

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const [row] = await t.context.db.query<{ n: number }>(sql, values);
  return row!.n;
}

describe('client domains', () => {
  it('claims a normalised domain once; claiming it again answers the same claim', async () => {
    const first = await claim(studio, '  WWW.Client.Example. ');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ domain: 'client.example', agencyId: studio.agencyId });
    const again = await claim(studio, 'client.example');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const unicode = await claim(studio, 'Bücher.example');
    expect(unicode.statusCode).toBe(201);
    expect(unicode.json().domain).toBe('xn--bcher-kva.example');
  });

  it.each([
    ['gmail.com', /free-mail or disposable/],
    ['mailinator.com', /free-mail or disposable/],
    ['not a domain', /not a valid/],
    ['localhost', /not a valid/],
    ['10.0.0.1', /not a valid/],
    ['studio.test', /own email domain/],
  ])('refuses %s with 400 and claims nothing', async (domain, message) => {
    const before = await count('SELECT count(*)::int AS n FROM domain_claims');
    const refused = await claim(studio, domain);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().detail).toMatch(message);
    expect(await count('SELECT count(*)::int AS n FROM domain_claims')).toBe(before);
  });

  it("another agency's domain is a 409, claims nothing, and opens one dispute flag with both sides", async () => {
    const refused = await claim(rival, 'client.example');
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body).not.toContain(studio.agencyId);
    const flagId = refused.json().flagId ?? refused.json().details?.flagId;
    expect(flagId).toMatch(/^flg_/);
    const again = await claim(rival, 'www.client.example');
    expect(again.statusCode).toBe(409);
    const flags = await t.context.db.query<{
      id: string;
      affiliate_id: string;
      details: Record<string, unknown>;
    }>("SELECT id, affiliate_id, details FROM fraud_flags WHERE kind = 'domain_dispute'");
    expect(flags).toHaveLength(1);
    expect(flags[0]!.id).toBe(flagId);
    expect(flags[0]!.affiliate_id).toBe(rival.agencyId);
    expect(flags[0]!.details).toMatchObject({
      domain: 'client.example',
      holder: { agencyId: studio.agencyId },
      claimant: { agencyId: rival.agencyId, emailDomain: 'rival.test' },
    });
    const held = await t.context.db.query<{ affiliate_id: string }>(
      "SELECT affiliate_id FROM domain_claims WHERE domain = 'client.example'",
    );
    expect(held).toEqual([{ affiliate_id: studio.agencyId }]);
  });

  it("lists only the workspace's own claims", async () => {
    const own = await asSession(t, studio.owner, {
      method: 'GET',
      url: `/v1/agencies/${studio.agencyId}/client-domains`,
    });
    expect(
      own
        .json()
        .clientDomains.map((c: { domain: string }) => c.domain)
        .sort(),
    ).toEqual(['client.example', 'xn--bcher-kva.example']);
    const theirs = await asSession(t, rival.owner, {
      method: 'GET',
      url: `/v1/agencies/${rival.agencyId}/client-domains`,
    });
    expect(theirs.json().clientDomains).toEqual([]);
  });
});

describe('domain disputes', () => {
  let flagId: string;

  it('a program manager lists open disputes', async () => {
    const listed = await t.call({ method: 'GET', url: '/v1/admin/domain-disputes' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().disputes).toHaveLength(1);
    flagId = listed.json().disputes[0].flagId;
    expect(listed.json().disputes[0]).toMatchObject({
      domain: 'client.example',
      claimantId: rival.agencyId,
      status: 'open',
    });
    const byAgency = await asSession(t, studio.owner, { method: 'GET', url: '/v1/admin/domain-disputes' });
    expect(byAgency.statusCode).toBe(403);
  });

  it('refuses an award to an agency that is neither side', async () => {
    const third = await approvedAgency(t, smtp, 'boss@third.test');
    const refused = await t.call({
      method: 'POST',
      url: `/v1/admin/domain-disputes/${flagId}/resolve`,
      payload: { award: third.agencyId },
    });
    expect(refused.statusCode).toBe(400);
  });

  it('awarding the claimant moves the claim; earlier teams stay, later signups follow the claim', async () => {
    const before = await signup(t, { teamId: 'team_before', email: 'a@client.example' }, trackKey);
    expect(before.json()).toMatchObject({
      attributed: true,
      affiliateId: studio.agencyId,
      rule: 'agency_domain',
    });

    const resolved = await t.call({
      method: 'POST',
      url: `/v1/admin/domain-disputes/${flagId}/resolve`,
      payload: { award: rival.agencyId },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ award: rival.agencyId, status: 'confirmed', moved: true });
    const [flag] = await t.context.db.query<{
      status: string;
      resolved_by: string;
      resolved_at: Date | null;
    }>('SELECT status, resolved_by, resolved_at FROM fraud_flags WHERE id = $1', [flagId]);
    expect(flag).toMatchObject({ status: 'confirmed', resolved_by: expect.stringMatching(/^key:/) });
    expect(flag!.resolved_at).not.toBeNull();

    const after = await signup(t, { teamId: 'team_after', email: 'b@client.example' }, trackKey);
    expect(after.json()).toMatchObject({ affiliateId: rival.agencyId, rule: 'agency_domain' });
    const kept = await t.call({ method: 'GET', url: '/v1/referrals/team_before' });
    expect(kept.json().affiliateId).toBe(studio.agencyId);
    const rivalDomains = await asSession(t, rival.owner, {
      method: 'GET',
      url: `/v1/agencies/${rival.agencyId}/client-domains`,
    });
    expect(rivalDomains.json().clientDomains.map((c: { domain: string }) => c.domain)).toEqual([
      'client.example',
    ]);
  });

  it('deciding the same again answers the decision; deciding otherwise is a conflict', async () => {
    const same = await t.call({
      method: 'POST',
      url: `/v1/admin/domain-disputes/${flagId}/resolve`,
      payload: { award: rival.agencyId },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ award: rival.agencyId, status: 'confirmed' });
    const other = await t.call({
      method: 'POST',
      url: `/v1/admin/domain-disputes/${flagId}/resolve`,
      payload: { award: studio.agencyId },
    });
    expect(other.statusCode).toBe(409);
    const unknown = await t.call({
      method: 'POST',
      url: '/v1/admin/domain-disputes/flg_nothing/resolve',
      payload: { award: studio.agencyId },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('awarding the holder keeps the claim and dismisses the flag', async () => {
    const refused = await claim(studio, 'client.example');
    expect(refused.statusCode).toBe(409);
    const id = refused.json().flagId ?? refused.json().details?.flagId;
    const resolved = await t.call({
      method: 'POST',
      url: `/v1/admin/domain-disputes/${id}/resolve`,
      payload: { award: rival.agencyId },
    });
    expect(resolved.json()).toMatchObject({ status: 'dismissed', moved: false });
    const held = await t.context.db.query<{ affiliate_id: string }>(
      "SELECT affiliate_id FROM domain_claims WHERE domain = 'client.example'",
    );
    expect(held).toEqual([{ affiliate_id: rival.agencyId }]);
  });
});
