import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { AppError } from '../platform/rules/errors.js';
import { normalizeEmail } from '../referrals/rules/email.js';
import { needsAffiliate, type UserRole } from './roles.js';
import { findUserByEmail, insertUser, type User } from './storage/users_store.js';

export interface CreateUserInput {
  email: string;
  roles: UserRole[];
  affiliateId?: string | undefined;
}

/** Creates a user; an email already taken (in any case) is a conflict. */
export async function createUser(context: Context, input: CreateUserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  const roles = [...new Set(input.roles)];
  const affiliateId = input.affiliateId ?? null;
  if (roles.length === 0) throw new AppError('validation_failed', 'a user needs a role', { path: 'roles' });
  if (needsAffiliate(roles) !== (affiliateId !== null)) {
    throw new AppError(
      'validation_failed',
      'affiliate and agency roles need the affiliateId they act for; a program manager alone has none',
      { path: 'affiliateId' },
    );
  }
  if (affiliateId) {
    if (!(await affiliateExists(context.db, affiliateId)))
      throw new AppError('not_found', `affiliate ${affiliateId} does not exist`, { path: 'affiliateId' });
  }
  const user: User = { id: context.newId('usr'), email, roles, affiliateId, createdAt: context.clock.now() };
  if (!(await insertUser(context.db, user))) {
    throw new AppError('conflict', `a user with email ${email} already exists`, { path: 'email' });
  }
  return user;
}

/** The program manager named by `EMDASH_BOOTSTRAP_MANAGER_EMAIL`, created at start when missing. */
export async function ensureBootstrapManager(context: Context, email: string): Promise<User> {
  const existing = await findUserByEmail(context.db, normalizeEmail(email));
  if (existing) return existing;
  const user: User = {
    id: context.newId('usr'),
    email: normalizeEmail(email),
    roles: ['program_manager'],
    affiliateId: null,
    createdAt: context.clock.now(),
  };
  // Two processes starting at once: the unique email keeps one, and both read it back.
  await insertUser(context.db, user);
  return (await findUserByEmail(context.db, user.email))!;
}
