import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, signup } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';

interface FlagView {
  kind: string;
  status: string;
  affiliateId: string | null;
  teamId: string | null;
  details: Record<string, unknown>;
}

describe('signups from disposable mail', () => {
  let t: TestApp;
  let affiliateId: string;
  let linkId: string;
  beforeAll(async () => {
    t = await startTestApp();
    affiliateId = await createAffiliate(t, 'ada@writer.dev');
    const link = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId } });
    linkId = (link.json() as { id: string }).id;
  });
  afterAll(async () => t.close());

  async function clickNow(id: string): Promise<string> {
    const occurredAt = new Date(t.clock.now().getTime() - 60_000);
    await insertClick(t.context.db, { id, linkId, affiliateId, tag: null, occurredAt });
    return id;
  }

  async function openFlags(): Promise<FlagView[]> {
    const response = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=open' });
    expect(response.statusCode).toBe(200);
    return (response.json() as { flags: FlagView[] }).flags;
  }

  it('attributes a click-referred signup from a disposable domain and flags it for review', async () => {
    const clickId = await clickNow('clk_disposable_1');
    const response = await signup(t, { teamId: 'team_throwaway', email: 'x@Mailinator.com', clickId });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ attributed: true, rule: 'click', affiliateId });
    const flags = (await openFlags()).filter((flag) => flag.teamId === 'team_throwaway');
    expect(flags).toEqual([
      expect.objectContaining({
        kind: 'disposable_email',
        status: 'open',
        affiliateId,
        details: expect.objectContaining({ rule: 'click', emailDomain: 'mailinator.com', clickId }),
      }),
    ]);
  });

  it('flags once: a repeated signup writes nothing', async () => {
    const repeat = await signup(t, { teamId: 'team_throwaway', email: 'x@mailinator.com' });
    expect(repeat.json()).toMatchObject({ attributed: true });
    const [row] = await t.context.db.query<{ n: number }>(
      "SELECT count(*)::int8 AS n FROM fraud_flags WHERE team_id = 'team_throwaway'",
    );
    expect(row!.n).toBe(1);
  });

  it('does not flag a company or free-mail address, nor an unattributed disposable signup', async () => {
    const company = await signup(t, {
      teamId: 'team_company',
      email: 'lee@acme.io',
      clickId: await clickNow('clk_company'),
    });
    expect(company.json()).toMatchObject({ attributed: true });
    const freeMail = await signup(t, {
      teamId: 'team_gmail',
      email: 'lee@gmail.com',
      clickId: await clickNow('clk_gmail'),
    });
    expect(freeMail.json()).toMatchObject({ attributed: true });
    const nobody = await signup(t, { teamId: 'team_nobody_throwaway', email: 'y@mailinator.com' });
    expect(nobody.json()).toMatchObject({ attributed: false });
    const flagged = (await openFlags()).map((flag) => flag.teamId);
    expect(flagged).not.toContain('team_company');
    expect(flagged).not.toContain('team_gmail');
    expect(flagged).not.toContain('team_nobody_throwaway');
  });
});
