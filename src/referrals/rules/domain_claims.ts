import { isCompanyDomain } from './email.js';

export const hostnameLengthMax = 253;
const hostnameLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A top-level label: letters, or an IDNA `xn--` label; never all digits (that is an IP address). */
const topLevelLabel = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A lower-cased DNS hostname of at least two labels, e.g. `acme.com` or `eu.acme.co.uk`. */
export function isValidHostname(domain: string): boolean {
  if (domain.length === 0 || domain.length > hostnameLengthMax) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => hostnameLabel.test(label))) return false;
  return topLevelLabel.test(labels.at(-1)!);
}

export type ClaimDomainVerdict =
  | { ok: true }
  | { ok: false; reason: 'not_a_hostname' | 'not_company_domain'; message: string };

/** Only company domains can be claimed: free-mail or disposable domains belong to nobody. */
export function judgeClaimDomain(domain: string): ClaimDomainVerdict {
  if (!isValidHostname(domain)) {
    return { ok: false, reason: 'not_a_hostname', message: `${domain} is not a valid lower-case hostname` };
  }
  if (!isCompanyDomain(domain)) {
    return {
      ok: false,
      reason: 'not_company_domain',
      message: `${domain} is a free-mail or disposable domain; only company domains can be claimed`,
    };
  }
  return { ok: true };
}
