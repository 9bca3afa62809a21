import type { User } from '../accounts/storage/users_store.js';

export type MemberRole = 'agency_owner' | 'agency_member';

export interface MemberView {
  userId: string;
  email: string;
  roles: string[];
  createdAt: string;
}

/** What a workspace shows of its users. */
export function memberViewOf(user: User): MemberView {
  return { userId: user.id, email: user.email, roles: user.roles, createdAt: user.createdAt.toISOString() };
}
