import type { ApiKeyScope } from '../partners/rules/api_keys.js';

export const userRoles = ['affiliate', 'agency_owner', 'agency_member', 'program_manager'] as const;
export type UserRole = (typeof userRoles)[number];

/** Roles that act for one affiliate (an agency is an affiliate of kind `agency`). */
const affiliateRoles: ReadonlySet<UserRole> = new Set(['affiliate', 'agency_owner', 'agency_member']);
const agencyRoles: ReadonlySet<UserRole> = new Set(['agency_owner', 'agency_member']);

export function isUserRole(value: string): value is UserRole {
  return (userRoles as readonly string[]).includes(value);
}

export function needsAffiliate(roles: readonly UserRole[]): boolean {
  return roles.some((role) => affiliateRoles.has(role));
}

export function isAgencyUser(roles: readonly UserRole[]): boolean {
  return roles.some((role) => agencyRoles.has(role));
}

/** Affiliate and agency users act only while their affiliate is active; a program manager always. */
export function actsOnlyWhileAffiliateActive(user: {
  roles: readonly UserRole[];
  affiliateId: string | null;
}): user is { roles: readonly UserRole[]; affiliateId: string } {
  return !user.roles.includes('program_manager') && Boolean(user.affiliateId);
}

/**
 * The scope a signed-in user acts with, so the key guards serve sessions unchanged: a program
 * manager acts as `admin`, an affiliate or agency user as `affiliate` of its own affiliate.
 * A user with neither (an affiliate role but no affiliate) acts with no scope at all.
 */
export function sessionScopeFor(roles: readonly UserRole[], affiliateId: string | null): ApiKeyScope | null {
  if (roles.includes('program_manager')) return 'admin';
  if (needsAffiliate(roles) && affiliateId) return 'affiliate';
  return null;
}
