import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

interface ListedApplication {
  id: string;
  email: string;
  status: string;
  website: string | null;
}

describe('GET /v1/applications: what a program manager approves or rejects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    for (const name of ['ann', 'bob', 'cyd']) {
      const applied = await t.call({
        method: 'POST',
        url: '/v1/applications',
        auth: null,
        payload: {
          email: `${name}@example.com`,
          name,
          kind: 'developer',
          website: `https://${name}.example.com/`,
        },
      });
      expect(applied.statusCode, applied.body).toBe(202);
    }
  });
  afterAll(async () => t.close());

  async function list(query: string) {
    const response = await t.call({ method: 'GET', url: `/v1/applications${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { applications: ListedApplication[]; nextCursor: string | null };
  }

  it('lists pending applications oldest first, page by page, each once', async () => {
    const first = await list('?limit=2');
    expect(first.applications).toHaveLength(2);
    expect(first.applications[0]).toMatchObject({ status: 'pending' });
    expect(first.applications[0]?.website).toMatch(/^https:\/\/[a-z]{3}\.example\.com\/$/);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.applications).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const emails = [...first.applications, ...second.applications].map((application) => application.email);
    expect(emails.sort()).toEqual(['ann@example.com', 'bob@example.com', 'cyd@example.com']);
  });

  it('moves an approved application out of the pending list', async () => {
    const bob = (await list('')).applications.find((application) => application.email === 'bob@example.com');
    const approved = await t.call({ method: 'POST', url: `/v1/affiliates/${bob?.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await list('')).applications.map((application) => application.email).sort()).toEqual([
      'ann@example.com',
      'cyd@example.com',
    ]);
    expect((await list('?status=active')).applications.map((application) => application.email)).toContain(
      'bob@example.com',
    );
  });

  it('refuses callers without the admin scope and bad queries with problem+json', async () => {
    const anonymous = await t.call({ method: 'GET', url: '/v1/applications', auth: null });
    expect(anonymous.statusCode).toBe(401);
    for (const query of ['?status=maybe', '?limit=0', '?limit=201', '?cursor=not-a-cursor', '?other=1']) {
      const response = await t.call({ method: 'GET', url: `/v1/applications${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type'], query).toMatch(/^application\/problem\+json/);
    }
  });
});
