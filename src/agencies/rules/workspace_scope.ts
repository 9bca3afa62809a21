/**
 * Whose agency data a read or write may touch. Every storage function of an agency table takes
 * one, so a workspace is isolated where data is read, not only in routes: an agency's users and
 * keys get `{ agencyId }`; a program manager (admin) gets every workspace.
 */
export type WorkspaceScope = { readonly agencyId: string } | { readonly allWorkspaces: true };

export interface WorkspaceActor {
  readonly scope: 'admin' | 'affiliate' | 'track';
  readonly affiliateId: string | null;
  readonly userId?: string;
  readonly keyId: string;
  readonly via: 'key' | 'session';
}

/** The scope an actor works in, or null when it may see no agency data at all (track keys, nobody). */
export function workspaceScopeOf(actor: WorkspaceActor | null): WorkspaceScope | null {
  if (!actor) return null;
  if (actor.scope === 'admin') return { allWorkspaces: true };
  if (actor.scope === 'affiliate' && actor.affiliateId) return { agencyId: actor.affiliateId };
  return null;
}

/** Whether `scope` may act for the workspace `agencyId` (path parameter of a workspace route). */
export function scopeCoversAgency(scope: WorkspaceScope | null, agencyId: string): boolean {
  if (!scope) return false;
  return 'allWorkspaces' in scope || scope.agencyId === agencyId;
}

/** The agency id a SQL filter uses: null for every workspace (`agency_id = $n OR $n IS NULL`). */
export function agencyFilterOf(scope: WorkspaceScope): string | null {
  return 'allWorkspaces' in scope ? null : scope.agencyId;
}
