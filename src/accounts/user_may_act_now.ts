import { loadAffiliateStatus } from '../partners/storage/affiliates.js';
import type { Queryable } from '../platform/db/database.js';
import { actsOnlyWhileAffiliateActive } from './roles.js';
import type { User } from './storage/users_store.js';

/** Whether the user may sign in or act now: its affiliate's status is read only when it matters. */
export async function userMayActNow(db: Queryable, user: User): Promise<boolean> {
  // A member removed from its agency is done, whatever the agency's status.
  if (user.removedAt) return false;
  if (!actsOnlyWhileAffiliateActive(user)) return true;
  return (await loadAffiliateStatus(db, user.affiliateId)) === 'active';
}
