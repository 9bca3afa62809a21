import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const freeMailDomains = new Set<string>(require('email-providers/all.json') as string[]);
const disposableDomains = new Set<string>(require('disposable-email-domains') as string[]);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The part after the last `@`, lower-cased. */
export function emailDomain(email: string): string {
  const normalized = normalizeEmail(email);
  return normalized.slice(normalized.lastIndexOf('@') + 1);
}

/** Free-mail and disposable domains say nothing about a company: they never match by domain. */
export function isCompanyDomain(domain: string): boolean {
  const normalized = domain.toLowerCase();
  return !freeMailDomains.has(normalized) && !disposableDomains.has(normalized);
}

/** A throwaway-mail domain: a signup from one is attributed but flagged for review. */
export function isDisposableDomain(domain: string): boolean {
  return disposableDomains.has(domain.toLowerCase());
}
