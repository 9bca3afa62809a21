import { type AffiliateRow, findAffiliate } from '../partners/storage/affiliates.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { scopeCoversAgency, type WorkspaceScope } from './rules/workspace_scope.js';

/**
 * The agency whose workspace a request works in. Another workspace, a developer affiliate, or an
 * agency that is not active (for anyone but a program manager) answers 404, so ids cannot be
 * probed; a program manager changing a pending or suspended agency's workspace gets a conflict.
 */
export async function loadWorkspaceAgency(
  db: Queryable,
  scope: WorkspaceScope,
  agencyId: string,
  intent: 'read' | 'write',
): Promise<AffiliateRow> {
  const missing = new AppError('not_found', `agency ${agencyId} does not exist`);
  if (!scopeCoversAgency(scope, agencyId)) throw missing;
  const agency = await findAffiliate(db, agencyId);
  if (agency?.kind !== 'agency') throw missing;
  if (agency.status === 'active') return agency;
  if (!('allWorkspaces' in scope)) throw missing;
  if (intent === 'write') {
    throw new AppError('conflict', `agency ${agencyId} is ${agency.status}; only an active agency acts`, {
      details: { status: agency.status },
    });
  }
  return agency;
}
