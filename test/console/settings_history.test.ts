import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

interface VersionView {
  version: number;
  effectiveFrom: string;
  author: string | null;
  inForce: boolean;
  settings: Record<string, unknown>;
  changes: Array<{ key: string; before: unknown; after: unknown }>;
}

describe('program settings history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
  });
  afterAll(async () => t.close());

  const versions = async () => {
    const response = await t.call({ method: 'GET', url: '/v1/admin/settings/versions' });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { versions: VersionView[] }).versions;
  };

  it('lists every version newest first with its author and what it changed from the one before', async () => {
    expect(await versions()).toEqual([]);
    const now = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { minPayoutCents: 10_000, payoutApprovalRequired: true } },
    });
    expect(now.statusCode, now.body).toBe(201);
    const later = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: {
        changes: { minPayoutCents: 2_500, cookieWindowDays: 60 },
        effectiveFrom: '2026-03-01T00:00:00Z',
      },
    });
    expect(later.statusCode, later.body).toBe(201);

    const [scheduled, current] = await versions();
    expect(scheduled).toMatchObject({
      effectiveFrom: '2026-03-01T00:00:00.000Z',
      author: expect.stringMatching(/^key:/),
      inForce: false,
      changes: [
        { key: 'cookieWindowDays', before: 90, after: 60 },
        { key: 'minPayoutCents', before: 10_000, after: 2_500 },
      ],
    });
    expect(current).toMatchObject({
      inForce: true,
      settings: { payoutApprovalRequired: true },
      changes: [
        { key: 'minPayoutCents', before: 5_000, after: 10_000 },
        { key: 'payoutApprovalRequired', before: false, after: true },
      ],
    });
    const anonymous = await t.call({ method: 'GET', url: '/v1/admin/settings/versions', auth: null });
    expect(anonymous.statusCode).toBe(401);
  });
});
