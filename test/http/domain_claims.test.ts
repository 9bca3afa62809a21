import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createTrackKey } from '../support/attribution.js';

describe('agency domain claims', () => {
  let t: TestApp;
  let agency: string;
  let otherAgency: string;
  let developer: string;

  const claim = (payload: unknown, auth?: string) =>
    t.call({
      method: 'POST',
      url: '/v1/domain-claims',
      payload: payload as object,
      ...(auth ? { auth } : {}),
    });
  const claimCount = async () =>
    (await t.context.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM domain_claims'))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAffiliate(t, 'ops@agency.io', 'agency');
    otherAgency = await createAffiliate(t, 'team@rival-agency.io', 'agency');
    developer = await createAffiliate(t, 'dev@gmail.com', 'developer');
  });
  afterAll(async () => t.close());

  it('creates a claim once and answers the same claim again with the existing one', async () => {
    const created = await claim({ domain: 'acme.com', affiliateId: agency });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      domain: 'acme.com',
      affiliateId: agency,
      createdAt: t.clock.now().toISOString(),
    });
    const firstCreatedAt = (created.json() as { createdAt: string }).createdAt;
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 60_000));
    const again = await claim({ domain: 'acme.com', affiliateId: agency });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ domain: 'acme.com', affiliateId: agency, createdAt: firstCreatedAt });
    expect(await claimCount()).toBe(1);
  });

  it('refuses a domain another agency already claimed with 409', async () => {
    const before = await claimCount();
    const response = await claim({ domain: 'acme.com', affiliateId: otherAgency });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict', path: 'domain' });
    expect(await claimCount()).toBe(before);
  });

  it('lower-cases and trims the domain before judging it', async () => {
    const response = await claim({ domain: '  Globex-Corp.COM ', affiliateId: otherAgency });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ domain: 'globex-corp.com' });
  });

  const refused: Array<{ name: string; payload: Record<string, unknown>; status: number; path: string }> = [
    { name: 'a free-mail domain', payload: { domain: 'gmail.com' }, status: 400, path: 'domain' },
    { name: 'another free-mail domain', payload: { domain: 'outlook.com' }, status: 400, path: 'domain' },
    { name: 'a disposable domain', payload: { domain: 'mailinator.com' }, status: 400, path: 'domain' },
    { name: 'a single label', payload: { domain: 'localhost' }, status: 400, path: 'domain' },
    { name: 'an IP address', payload: { domain: '192.168.0.1' }, status: 400, path: 'domain' },
    { name: 'a label starting with a dash', payload: { domain: '-acme.com' }, status: 400, path: 'domain' },
    { name: 'an empty label', payload: { domain: 'acme..com' }, status: 400, path: 'domain' },
    { name: 'a path', payload: { domain: 'acme.com/login' }, status: 400, path: 'domain' },
    { name: 'an email address', payload: { domain: 'ceo@acme.com' }, status: 400, path: 'domain' },
    {
      name: 'a label over 63 characters',
      payload: { domain: `${'a'.repeat(64)}.com` },
      status: 400,
      path: 'domain',
    },
    {
      name: 'an over-long name',
      payload: { domain: `${'abc.'.repeat(70)}com` },
      status: 400,
      path: 'body.domain',
    },
    { name: 'a number', payload: { domain: 42 }, status: 400, path: 'body.domain' },
    {
      name: 'a developer affiliate',
      payload: { domain: 'initech.com', affiliateId: 'DEVELOPER' },
      status: 400,
      path: 'affiliateId',
    },
    {
      name: 'an affiliate id with a NUL byte',
      payload: { domain: 'initech.com', affiliateId: 'aff_\u0000' },
      status: 400,
      path: 'body.affiliateId',
    },
    {
      name: 'an unknown affiliate',
      payload: { domain: 'initech.com', affiliateId: 'aff_missing' },
      status: 404,
      path: 'affiliateId',
    },
  ];
  it.each(refused)('refuses $name and writes nothing', async ({ payload, status, path }) => {
    const before = await claimCount();
    const affiliateId = payload.affiliateId === 'DEVELOPER' ? developer : (payload.affiliateId ?? agency);
    const response = await claim({ ...payload, affiliateId });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ path });
    expect(await claimCount()).toBe(before);
  });

  it('lists the claims of one agency, or all', async () => {
    await claim({ domain: 'hooli.com', affiliateId: agency });
    const mine = await t.call({ method: 'GET', url: `/v1/domain-claims?affiliateId=${agency}` });
    expect(mine.statusCode).toBe(200);
    const domains = (mine.json() as { claims: Array<{ domain: string; affiliateId: string }> }).claims;
    expect(domains.map((entry) => entry.domain)).toEqual(['acme.com', 'hooli.com']);
    expect(new Set(domains.map((entry) => entry.affiliateId))).toEqual(new Set([agency]));
    const all = await t.call({ method: 'GET', url: '/v1/domain-claims' });
    expect((all.json() as { claims: unknown[] }).claims).toHaveLength(3);
    const none = await t.call({ method: 'GET', url: '/v1/domain-claims?affiliateId=aff_nobody' });
    expect(none.json()).toEqual({ claims: [] });
  });

  it('is for admin keys only', async () => {
    const trackKey = await createTrackKey(t);
    const post = await claim({ domain: 'vandelay.com', affiliateId: agency }, trackKey);
    const list = await t.call({ method: 'GET', url: '/v1/domain-claims', auth: trackKey });
    expect([post.statusCode, list.statusCode]).toEqual([403, 403]);
    for (const query of ['limit=0', 'affiliateId=aff_%00x', 'unknown=1']) {
      const bad = await t.call({ method: 'GET', url: `/v1/domain-claims?${query}` });
      expect(bad.statusCode).toBe(400);
    }
  });
});
