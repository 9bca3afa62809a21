import { judgeClaimDomain } from '../../referrals/rules/domain_claims.js';

/**
 * A client domain as an agency types it, made the form signups are matched on: trimmed,
 * lower-cased, without a trailing dot or a leading `www.` (mail never comes from `www.`).
 * Unicode names arrive already converted to their ASCII (`xn--`) form by the caller.
 */
export function normalizeClientDomain(asciiDomain: string): string {
  const domain = asciiDomain.trim().toLowerCase().replace(/\.$/, '');
  return domain.startsWith('www.') ? domain.slice(4) : domain;
}

export type ClientDomainVerdict =
  | { ok: true; domain: string }
  | { ok: false; reason: 'not_a_hostname' | 'not_company_domain' | 'own_domain'; message: string };

/**
 * Whether an agency may claim the domain: a company hostname (free-mail and disposable domains
 * belong to nobody), and not the agency's own email domain (its own teams are internal, never
 * clients: mark them with internal teams instead).
 */
export function judgeClientDomain(domain: string, agencyEmailDomain: string): ClientDomainVerdict {
  const verdict = judgeClaimDomain(domain);
  if (!verdict.ok) return verdict;
  if (domain === agencyEmailDomain) {
    return {
      ok: false,
      reason: 'own_domain',
      message: `${domain} is the agency's own email domain: its teams are internal, not clients`,
    };
  }
  return { ok: true, domain };
}
