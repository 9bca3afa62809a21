import type { Mailer } from '../accounts/mailer.js';
import { sendSignInLink } from '../accounts/request_sign_in_link.js';
import {
  insertUser,
  lockUserByEmail,
  restoreRemovedUser,
  type User,
} from '../accounts/storage/users_store.js';
import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { normalizeEmail } from '../referrals/rules/email.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type MemberRole, type MemberView, memberViewOf } from './member_view.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

/**
 * Adds a person to an agency's workspace and mails them a sign-in link the way sign-in does. A
 * new email becomes a user of the agency; one removed earlier (from any agency) joins it again; a
 * current member answers as it is (`created: false`, no mail); an email that belongs to another
 * affiliate, agency or a program manager is a conflict.
 */
export async function inviteMember(
  context: Context,
  mailer: Mailer,
  scope: WorkspaceScope,
  agencyId: string,
  input: { email: string; role: MemberRole },
): Promise<{ member: MemberView; created: boolean; signInLinkSent: boolean }> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  const email = normalizeEmail(input.email);
  const now = context.clock.now();
  const { user, created } = await context.db.transaction(async (tx) => {
    const existing = await lockUserByEmail(tx, email);
    if (!existing) {
      const user: User = {
        id: context.newId('usr'),
        email,
        roles: [input.role],
        affiliateId: agencyId,
        createdAt: now,
      };
      if (!(await insertUser(tx, user))) throw new Error(`user ${email} appeared inside its lock`);
      return { user, created: true };
    }
    if (existing.removedAt) {
      const restored = await restoreRemovedUser(tx, { userId: existing.id, agencyId, roles: [input.role] });
      return { user: restored!, created: true };
    }
    if (existing.affiliateId === agencyId) return { user: existing, created: false };
    throw new AppError('conflict', `${email} already belongs to another account; use another address`, {
      path: 'email',
    });
  });
  if (!created) return { member: memberViewOf(user), created, signInLinkSent: false };
  try {
    await sendSignInLink(context, mailer, user, 'invited');
    return { member: memberViewOf(user), created, signInLinkSent: true };
  } catch (error) {
    // The member stands; they can ask for a link on the sign-in page.
    context.logger.error({ err: error, agencyId }, 'invitation sign-in link could not be sent');
    return { member: memberViewOf(user), created, signInLinkSent: false };
  }
}
