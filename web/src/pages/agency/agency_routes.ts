/** The agency workspace's pages: their paths, navigation labels and page titles. */
export const agencyPages = [
  { to: '/agency', label: 'Projects', title: 'Projects' },
  { to: '/agency/client-domains', label: 'Client domains', title: 'Client domains' },
  { to: '/agency/members', label: 'Members', title: 'Members' },
  { to: '/agency/handoffs', label: 'Hand-offs', title: 'Hand-offs' },
  { to: '/agency/revenue-share', label: 'Revenue share', title: 'Revenue share' },
] as const;

/** What an agency's people also use from the affiliate's pages. */
export const agencyAffiliatePages = [
  { to: '/dashboard/links', label: 'Links' },
  { to: '/dashboard/earnings', label: 'Earnings' },
  { to: '/dashboard/payouts', label: 'Payouts' },
] as const;

export const agencyNav = [...agencyPages, ...agencyAffiliatePages].map(({ to, label }) => ({ to, label }));

const projectPathPattern = /^\/agency\/projects\/([A-Za-z0-9_-]{1,64})$/;

export function projectPath(projectId: string): string {
  return `/agency/projects/${encodeURIComponent(projectId)}`;
}

/** The project id of a project page's path, or null. */
export function projectIdOfPath(path: string): string | null {
  return projectPathPattern.exec(path)?.[1] ?? null;
}

export function isAgencyPath(path: string): boolean {
  return agencyPages.some((page) => page.to === path) || projectIdOfPath(path) !== null;
}

/** The document title of an agency page, or null for another path. */
export function agencyPageTitle(path: string): string | null {
  if (projectIdOfPath(path)) return 'Project';
  return agencyPages.find((page) => page.to === path)?.title ?? null;
}

/** Whether the signed-in user works in an agency's workspace. */
export function hasAgencyRole(roles: readonly string[]): boolean {
  return roles.includes('agency_owner') || roles.includes('agency_member');
}
