import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTrackKey, signup, writtenRows } from '../support/attribution.js';

describe('team members', () => {
  let t: TestApp;
  let trackKey: string;
  const report = (payload: unknown, auth?: string) =>
    t.call({
      method: 'POST',
      url: '/v1/track/members',
      payload: payload as object,
      ...(auth ? { auth } : {}),
    });
  const minutesAgo = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    trackKey = await createTrackKey(t);
    await signup(t, { teamId: 'team_sized', email: 'owner@hooli.com' });
  });
  afterAll(async () => t.close());

  it('records the count and updates the team', async () => {
    const response = await report({ teamId: 'team_sized', members: 4, occurredAt: minutesAgo(30) }, trackKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ teamId: 'team_sized', members: 4 });
    const referral = await t.call({ method: 'GET', url: '/v1/referrals/team_sized' });
    expect(referral.json()).toMatchObject({ members: 4 });
    const rows = await t.context.db.query<{ members: number }>(
      "SELECT members FROM team_member_counts WHERE team_id = 'team_sized'",
    );
    expect(rows.map((row) => row.members)).toEqual([4]);
  });

  it('keeps the latest report when an older one arrives late', async () => {
    await report({ teamId: 'team_sized', members: 7, occurredAt: minutesAgo(10) });
    const late = await report({ teamId: 'team_sized', members: 5, occurredAt: minutesAgo(20) });
    expect(late.json()).toEqual({ teamId: 'team_sized', members: 7 });
    const [team] = await t.context.db.query<{ members: number }>(
      "SELECT members FROM teams WHERE id = 'team_sized'",
    );
    expect(team!.members).toBe(7);
    const counted = await t.context.db.query("SELECT 1 FROM team_member_counts WHERE team_id = 'team_sized'");
    expect(counted).toHaveLength(3);
  });

  it('answers 404 with path teamId for a team that never signed up, writing nothing', async () => {
    const before = await writtenRows(t);
    const response = await report({ teamId: 'team_ghost', members: 3 });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'not_found', path: 'teamId' });
    expect(await writtenRows(t)).toEqual(before);
  });

  const bad: Array<{ name: string; payload: Record<string, unknown> }> = [
    { name: 'zero members', payload: { members: 0 } },
    { name: 'negative members', payload: { members: -2 } },
    { name: 'more than a million', payload: { members: 1_000_001 } },
    { name: 'a fraction', payload: { members: 2.5 } },
    { name: 'a string', payload: { members: '3' } },
    { name: 'no count', payload: { members: undefined } },
    { name: 'a future time', payload: { members: 3, occurredAt: '2030-01-01T00:00:00Z' } },
    { name: 'an absurd time', payload: { members: 3, occurredAt: '1970-01-01T00:00:00Z' } },
    { name: 'an unknown field', payload: { members: 3, seats: 3 } },
  ];
  it.each(bad)('answers $name with 400 and writes nothing', async ({ payload }) => {
    const before = await writtenRows(t);
    const response = await report({ teamId: 'team_sized', ...payload });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await writtenRows(t)).toEqual(before);
  });

  it('accepts the largest count allowed', async () => {
    const response = await report({ teamId: 'team_sized', members: 1_000_000 });
    expect(response.json()).toEqual({ teamId: 'team_sized', members: 1_000_000 });
  });
});

describe('referral read API and fraud queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('shows an unattributed team with its event and evidence', async () => {
    await signup(t, { teamId: 'team_read', email: 'Owner@Vandelay.com', occurredAt: '2026-01-05T11:00:00Z' });
    const response = await t.call({ method: 'GET', url: '/v1/referrals/team_read' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      teamId: 'team_read',
      status: 'signed_up',
      affiliateId: null,
      source: null,
      rule: null,
      tag: null,
      linkId: null,
      clickId: null,
      emailDomain: 'vandelay.com',
      members: 1,
      signedUpAt: '2026-01-05T11:00:00.000Z',
      events: [
        {
          type: 'signed_up',
          cause: 'unattributed_signup',
          occurredAt: '2026-01-05T11:00:00.000Z',
          recordedAt: t.clock.now().toISOString(),
          data: {},
        },
      ],
      evidence: expect.objectContaining({
        decision: 'unattributed',
        rule: null,
        emailDomain: 'vandelay.com',
      }),
    });
  });

  it('answers 404 for an unknown team and 403 for a track key', async () => {
    const unknown = await t.call({ method: 'GET', url: '/v1/referrals/team_nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const trackKey = await createTrackKey(t);
    const forbidden = await t.call({ method: 'GET', url: '/v1/referrals/team_read', auth: trackKey });
    expect(forbidden.statusCode).toBe(403);
  });

  it('filters fraud flags by status and refuses an unknown status', async () => {
    const open = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=open' });
    expect(open.json()).toEqual({ flags: [] });
    await t.context.db.query(
      `INSERT INTO fraud_flags (id, kind, affiliate_id, team_id, details, status, created_at)
       VALUES ('flg_a', 'self_referral', NULL, 'team_read', '{}', 'dismissed', now()),
              ('flg_b', 'self_referral', NULL, 'team_read', '{}', 'open', now())`,
    );
    const openNow = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=open' });
    expect((openNow.json() as { flags: Array<{ id: string }> }).flags.map((flag) => flag.id)).toEqual([
      'flg_b',
    ]);
    const all = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags' });
    expect((all.json() as { flags: unknown[] }).flags).toHaveLength(2);
    const bad = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=whatever' });
    expect(bad.statusCode).toBe(400);
  });
});
