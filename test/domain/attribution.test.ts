import { describe, expect, it } from 'vitest';
import {
  type AttributionFacts,
  type ClickFact,
  type DomainTeamFact,
  decideAttribution,
  type ReferrerFact,
  type RuleCheck,
  selfReferralCause,
} from '../../src/referrals/rules/attribution.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';

const signupAt = new Date('2026-03-01T12:00:00Z');
const windowDays = 90;
const windowStart = new Date(signupAt.getTime() - windowDays * msPerDay);
const secondMs = 1_000;

const gmailDev: ReferrerFact = {
  affiliateId: 'aff_gmail',
  affiliateEmail: 'dev@gmail.com',
  affiliateEmailDomain: 'gmail.com',
};
const writer: ReferrerFact = {
  affiliateId: 'aff_writer',
  affiliateEmail: 'sam@writer.dev',
  affiliateEmailDomain: 'writer.dev',
};
const agency: ReferrerFact = {
  affiliateId: 'aff_agency',
  affiliateEmail: 'ops@agency.io',
  affiliateEmailDomain: 'agency.io',
};

function at(offsetMs: number): Date {
  return new Date(signupAt.getTime() + offsetMs);
}

function click(overrides: Partial<ClickFact> = {}): ClickFact {
  return {
    ...gmailDev,
    id: 'clk_named',
    linkId: 'lnk_1',
    clickTag: null,
    linkTag: null,
    counted: true,
    occurredAt: at(-msPerDay),
    ...overrides,
  };
}

function domainTeam(overrides: Partial<DomainTeamFact> = {}): DomainTeamFact {
  return {
    ...writer,
    teamId: 'team_earlier',
    source: 'content',
    linkId: 'lnk_w',
    tag: 'post-1',
    signedUpAt: at(-10 * msPerDay),
    ...overrides,
  };
}

function facts(overrides: Partial<AttributionFacts> = {}): AttributionFacts {
  const email = overrides.email ?? 'jane@acme.com';
  return {
    email,
    emailDomain: email.slice(email.lastIndexOf('@') + 1),
    signupAt,
    cookieWindowDays: windowDays,
    attributionModel: 'last_click',
    agencyClaim: null,
    clickId: null,
    click: null,
    visitorClicks: [],
    domainTeams: [],
    ...overrides,
  };
}

function withClick(clickFact: ClickFact, overrides: Partial<AttributionFacts> = {}): AttributionFacts {
  return facts({ clickId: clickFact.id, click: clickFact, ...overrides });
}

function check(decision: ReturnType<typeof decideAttribution>, rule: RuleCheck['rule']): RuleCheck {
  return decision.evidence.checks.find((entry) => entry.rule === rule)!;
}

const acmeClaim = { ...agency, domain: 'acme.com', claimedAt: at(-400 * msPerDay) };

describe('decideAttribution: which rule decides', () => {
  const cases: Array<{
    name: string;
    facts: AttributionFacts;
    rule: string | null;
    affiliateId: string | null;
    source: string | null;
  }> = [
    { name: 'nothing known', facts: facts(), rule: null, affiliateId: null, source: null },
    {
      name: 'agency claim on the domain',
      facts: facts({ agencyClaim: acmeClaim }),
      rule: 'agency_domain',
      affiliateId: 'aff_agency',
      source: 'agency',
    },
    {
      name: 'agency claim beats a valid click',
      facts: withClick(click(), { agencyClaim: acmeClaim }),
      rule: 'agency_domain',
      affiliateId: 'aff_agency',
      source: 'agency',
    },
    {
      name: 'untagged click on an untagged link',
      facts: withClick(click()),
      rule: 'click',
      affiliateId: 'aff_gmail',
      source: 'direct_link',
    },
    {
      name: 'link carrying a tag',
      facts: withClick(click({ linkTag: 'blog' })),
      rule: 'click',
      affiliateId: 'aff_gmail',
      source: 'content',
    },
    {
      name: 'click carrying a tag',
      facts: withClick(click({ clickTag: 'video' })),
      rule: 'click',
      affiliateId: 'aff_gmail',
      source: 'content',
    },
    {
      name: 'click beats an earlier team of the domain',
      facts: withClick(click(), { domainTeams: [domainTeam()] }),
      rule: 'click',
      affiliateId: 'aff_gmail',
      source: 'direct_link',
    },
    {
      name: 'earlier team of the domain inside the window',
      facts: facts({ domainTeams: [domainTeam()] }),
      rule: 'email_domain',
      affiliateId: 'aff_writer',
      source: 'content',
    },
    {
      name: 'unknown click falls through to the email domain',
      facts: facts({ clickId: 'clk_missing', domainTeams: [domainTeam({ source: 'direct_link' })] }),
      rule: 'email_domain',
      affiliateId: 'aff_writer',
      source: 'direct_link',
    },
    {
      name: 'expired click falls through to the email domain',
      facts: withClick(click({ occurredAt: at(-91 * msPerDay) }), { domainTeams: [domainTeam()] }),
      rule: 'email_domain',
      affiliateId: 'aff_writer',
      source: 'content',
    },
    {
      name: 'free-mail domain never matches by domain',
      facts: facts({ email: 'jane@gmail.com', domainTeams: [domainTeam({ ...gmailDev })] }),
      rule: null,
      affiliateId: null,
      source: null,
    },
    {
      name: 'disposable domain never matches by domain',
      facts: facts({ email: 'jane@mailinator.com', domainTeams: [domainTeam()] }),
      rule: null,
      affiliateId: null,
      source: null,
    },
  ];
  it.each(cases)('$name → $rule', ({ facts: input, rule, affiliateId, source }) => {
    const decision = decideAttribution(input);
    expect(decision.rule).toBe(rule);
    expect(decision.affiliateId).toBe(affiliateId);
    expect(decision.source).toBe(source);
    expect(decision.evidence.rule).toBe(rule);
    expect(decision.evidence.decision).toBe(rule ? 'attributed' : 'unattributed');
    expect(decision.evidence.checks.map((entry) => entry.rule)).toEqual([
      'agency_domain',
      'click',
      'email_domain',
    ]);
    expect(decision.evidence.checks.filter((entry) => entry.outcome === 'matched')).toHaveLength(
      rule ? 1 : 0,
    );
  });
});

describe('decideAttribution: the evidence explains every rule', () => {
  it('says why nothing matched', () => {
    const decision = decideAttribution(facts());
    expect(decision.evidence.checks).toEqual([
      { rule: 'agency_domain', outcome: 'no_match', reason: 'no_claim', domain: 'acme.com' },
      { rule: 'click', outcome: 'no_match', reason: 'no_click_id' },
      { rule: 'email_domain', outcome: 'no_match', reason: 'no_earlier_team', domain: 'acme.com' },
    ]);
    expect(decision.evidence).toMatchObject({
      signupAt: signupAt.toISOString(),
      windowStart: windowStart.toISOString(),
      cookieWindowDays: 90,
      attributionModel: 'last_click',
      companyDomain: true,
    });
  });

  it('marks a rule that matched below the winner as outranked', () => {
    const decision = decideAttribution(
      withClick(click(), { agencyClaim: acmeClaim, domainTeams: [domainTeam()] }),
    );
    expect(check(decision, 'agency_domain')).toMatchObject({
      outcome: 'matched',
      claimedAt: acmeClaim.claimedAt.toISOString(),
    });
    expect(check(decision, 'click')).toMatchObject({
      outcome: 'outranked',
      reason: 'agency_domain_matched_first',
    });
    expect(check(decision, 'email_domain')).toMatchObject({
      outcome: 'outranked',
      earlierTeamId: 'team_earlier',
    });
  });

  it('names the click, its link, tag and the times compared', () => {
    const decision = decideAttribution(withClick(click({ linkTag: 'blog', occurredAt: at(-2 * msPerDay) })));
    expect(check(decision, 'click')).toEqual({
      rule: 'click',
      outcome: 'matched',
      affiliateId: 'aff_gmail',
      clickId: 'clk_named',
      linkId: 'lnk_1',
      tag: 'blog',
      clickedAt: at(-2 * msPerDay).toISOString(),
      counted: true,
      windowStart: windowStart.toISOString(),
      signupAt: signupAt.toISOString(),
    });
    expect(decision).toMatchObject({
      clickId: 'clk_named',
      linkId: 'lnk_1',
      tag: 'blog',
      clickedAt: at(-2 * msPerDay),
    });
  });

  it('says a click id is unknown', () => {
    expect(check(decideAttribution(facts({ clickId: 'clk_nope' })), 'click')).toEqual({
      rule: 'click',
      outcome: 'no_match',
      reason: 'click_unknown',
      clickId: 'clk_nope',
    });
  });

  it('copies link and tag from the earlier team for the email-domain rule', () => {
    const decision = decideAttribution(facts({ domainTeams: [domainTeam()] }));
    expect(decision).toMatchObject({ linkId: 'lnk_w', tag: 'post-1', clickId: null, clickedAt: null });
    expect(check(decision, 'email_domain')).toMatchObject({
      earlierTeamId: 'team_earlier',
      earlierSignedUpAt: at(-10 * msPerDay).toISOString(),
    });
  });
});

describe('decideAttribution: window edges', () => {
  const clickCases = [
    { name: 'exactly at the window start', offsetMs: -windowDays * msPerDay, reason: null },
    {
      name: 'one second before the window start',
      offsetMs: -windowDays * msPerDay - secondMs,
      reason: 'click_expired',
    },
    { name: 'at the signup instant', offsetMs: 0, reason: null },
    { name: 'one second after the signup', offsetMs: secondMs, reason: 'click_after_signup' },
    { name: 'a day after the signup', offsetMs: msPerDay, reason: 'click_after_signup' },
  ];
  it.each(clickCases)('click $name', ({ offsetMs, reason }) => {
    const decision = decideAttribution(withClick(click({ occurredAt: at(offsetMs) })));
    expect(decision.rule).toBe(reason ? null : 'click');
    if (reason)
      expect(check(decision, 'click')).toMatchObject({
        outcome: 'no_match',
        reason,
        clickedAt: at(offsetMs).toISOString(),
      });
  });

  it('follows the configured window length', () => {
    const clickFact = click({ occurredAt: at(-8 * msPerDay) });
    expect(decideAttribution(withClick(clickFact, { cookieWindowDays: 7 })).rule).toBeNull();
    expect(decideAttribution(withClick(clickFact, { cookieWindowDays: 8 })).rule).toBe('click');
  });

  const teamCases = [
    { name: 'exactly at the window start', offsetMs: -windowDays * msPerDay, matched: true },
    {
      name: 'one second before the window start',
      offsetMs: -windowDays * msPerDay - secondMs,
      matched: false,
    },
    { name: 'after this signup', offsetMs: secondMs, matched: false },
  ];
  it.each(teamCases)('earlier team $name', ({ offsetMs, matched }) => {
    const decision = decideAttribution(facts({ domainTeams: [domainTeam({ signedUpAt: at(offsetMs) })] }));
    expect(decision.rule).toBe(matched ? 'email_domain' : null);
  });

  it('explains an earlier team that is too old', () => {
    const old = at(-100 * msPerDay);
    const decision = decideAttribution(facts({ domainTeams: [domainTeam({ signedUpAt: old })] }));
    expect(check(decision, 'email_domain')).toMatchObject({
      outcome: 'no_match',
      reason: 'earlier_team_expired',
      earlierSignedUpAt: old.toISOString(),
    });
  });
});

describe('decideAttribution: attribution model', () => {
  const named = click({ id: 'clk_named', occurredAt: at(-msPerDay) });
  const firstInWindow = click({
    id: 'clk_first',
    occurredAt: at(-30 * msPerDay),
    linkId: 'lnk_0',
    clickTag: 't',
  });
  const uncountedEarlier = click({ id: 'clk_repeat', occurredAt: at(-40 * msPerDay), counted: false });
  const beforeWindow = click({ id: 'clk_old', occurredAt: at(-95 * msPerDay) });
  const visitorClicks = [uncountedEarlier, beforeWindow, firstInWindow, named];

  it('last click: uses the named click whatever else the visitor clicked', () => {
    const decision = decideAttribution(withClick(named, { visitorClicks }));
    expect(decision.clickId).toBe('clk_named');
  });

  it('first click: uses the earliest counted click of the visitor inside the window', () => {
    const decision = decideAttribution(withClick(named, { visitorClicks, attributionModel: 'first_click' }));
    expect(decision).toMatchObject({
      rule: 'click',
      clickId: 'clk_first',
      linkId: 'lnk_0',
      source: 'content',
      tag: 't',
    });
    expect(check(decision, 'click')).toMatchObject({ namedClickId: 'clk_named', chosenBy: 'first_click' });
  });

  it('first click: the named click decides when it is the earliest', () => {
    const decision = decideAttribution(
      withClick(named, { visitorClicks: [named], attributionModel: 'first_click' }),
    );
    expect(decision.clickId).toBe('clk_named');
    expect(check(decision, 'click')).not.toHaveProperty('namedClickId');
  });

  it('first click: a named click after the signup still leads to the visitor’s earlier clicks', () => {
    const late = click({ id: 'clk_late', occurredAt: at(msPerDay) });
    const decision = decideAttribution(
      withClick(late, { visitorClicks: [firstInWindow], attributionModel: 'first_click' }),
    );
    expect(decision.clickId).toBe('clk_first');
    expect(check(decision, 'click')).toMatchObject({ namedClickRefused: 'click_after_signup' });
  });

  it('email domain: last click takes the latest earlier team, first click the earliest', () => {
    const older = domainTeam({ teamId: 'team_a', signedUpAt: at(-60 * msPerDay), ...gmailDev });
    const newer = domainTeam({ teamId: 'team_b', signedUpAt: at(-5 * msPerDay) });
    const last = decideAttribution(facts({ domainTeams: [older, newer] }));
    const first = decideAttribution(facts({ domainTeams: [older, newer], attributionModel: 'first_click' }));
    expect(last.affiliateId).toBe('aff_writer');
    expect(first.affiliateId).toBe('aff_gmail');
  });
});

describe('decideAttribution: self-referral', () => {
  const cases = [
    {
      name: 'own email through a click',
      facts: withClick(click(), { email: 'dev@gmail.com' }),
      cause: 'own_email',
    },
    {
      name: 'own company domain through a click',
      facts: withClick(click({ ...writer }), { email: 'bob@writer.dev' }),
      cause: 'own_company_domain',
    },
    {
      name: 'an agency’s own domain through its claim',
      facts: facts({ email: 'intern@agency.io', agencyClaim: { ...acmeClaim, domain: 'agency.io' } }),
      cause: 'own_company_domain',
    },
    {
      name: 'own company domain through the email-domain rule',
      facts: facts({ email: 'bob@writer.dev', domainTeams: [domainTeam()] }),
      cause: 'own_company_domain',
    },
  ];
  it.each(cases)('refuses $name', ({ facts: input, cause }) => {
    const decision = decideAttribution(input);
    expect(decision.rule).toBeNull();
    expect(decision.affiliateId).toBeNull();
    expect(decision.selfReferral).toMatchObject({ cause });
    expect(decision.evidence).toMatchObject({
      decision: 'self_referral',
      rule: null,
      selfReferral: { cause },
    });
  });

  it('does not treat a shared free-mail domain as self-referral', () => {
    const decision = decideAttribution(withClick(click(), { email: 'someone.else@gmail.com' }));
    expect(decision).toMatchObject({ rule: 'click', affiliateId: 'aff_gmail', selfReferral: null });
  });

  it.each([
    { email: 'dev@gmail.com', domain: 'gmail.com', referrer: gmailDev, cause: 'own_email' },
    { email: 'x@gmail.com', domain: 'gmail.com', referrer: gmailDev, cause: null },
    { email: 'x@writer.dev', domain: 'writer.dev', referrer: writer, cause: 'own_company_domain' },
    { email: 'x@other.dev', domain: 'other.dev', referrer: writer, cause: null },
  ])('selfReferralCause($email) = $cause', ({ email, domain, referrer, cause }) => {
    expect(selfReferralCause(email, domain, referrer)).toBe(cause);
  });
});
