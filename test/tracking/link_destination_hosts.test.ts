import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDestinationHostAllowed } from '../../src/tracking/rules/links.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('link destinations: only the program’s hosts (no open redirect)', () => {
  it.each([
    ['https://emdash.dev/start', true],
    ['https://docs.emdash.dev/a?b=c', true],
    ['http://EMDASH.dev./pricing', true],
    ['https://evilemdash.dev/', false],
    ['https://emdash.dev.evil.com/', false],
    ['https://emdash.dev@evil.com/', false],
    ['https://evil.com/?next=https://emdash.dev', false],
    ['https://evil.com#emdash.dev', false],
  ])('%s allowed under ["emdash.dev"]: %s', (destination, allowed) => {
    expect(isDestinationHostAllowed(destination, ['emdash.dev'])).toBe(allowed);
  });

  let t: TestApp;
  let affiliateId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: { email: 'links@dev.io', name: 'Links' },
    });
    affiliateId = (created.json() as { id: string }).id;
  });
  afterAll(async () => t.close());

  async function linksStored(): Promise<number> {
    const rows = await t.context.db.query<{ count: string }>('SELECT count(*) AS count FROM links');
    return Number(rows[0]!.count);
  }

  it('refuses a link elsewhere with a clear problem, writing nothing; allows emdash.dev subdomains', async () => {
    const before = await linksStored();
    const refused = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId, destination: 'https://phish.example/login' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      path: 'destination',
      detail: expect.stringContaining('emdash.dev'),
    });
    expect(await linksStored()).toBe(before);

    const allowed = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId, destination: 'https://blog.emdash.dev/post' },
    });
    expect(allowed.statusCode).toBe(201);
    const withoutDestination = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId } });
    expect(withoutDestination.statusCode).toBe(201);
    expect(await linksStored()).toBe(before + 2);
  });

  it('follows the versioned program setting, and validates it', async () => {
    const invalid = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { linkDestinationHosts: ['https://partner.io/'] } },
    });
    expect(invalid.statusCode).toBe(400);
    const empty = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { linkDestinationHosts: [] } },
    });
    expect(empty.statusCode).toBe(400);

    const changed = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { linkDestinationHosts: ['emdash.dev', 'partner.io'] } },
    });
    expect(changed.statusCode).toBe(201);
    const partner = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId, destination: 'https://www.partner.io/emdash' },
    });
    expect(partner.statusCode).toBe(201);
    const other = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId, destination: 'https://other.io/' },
    });
    expect(other.statusCode).toBe(400);
  });
});
