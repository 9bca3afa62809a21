import type { Queryable } from '../../platform/db/database.js';
import type { UserRole } from '../roles.js';

export interface User {
  id: string;
  email: string;
  roles: UserRole[];
  affiliateId: string | null;
  createdAt: Date;
  /** Set when the user was removed from its agency: it signs in and acts no more. */
  removedAt?: Date | null;
}

interface UserRow {
  id: string;
  email: string;
  roles: UserRole[];
  affiliate_id: string | null;
  created_at: Date;
  removed_at: Date | null;
}

const insertedColumns = 'id, email, roles, affiliate_id, created_at';
const userColumns = `${insertedColumns}, removed_at`;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    roles: row.roles,
    affiliateId: row.affiliate_id,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}

/** Inserts the user unless its email is taken; returns whether it was inserted. */
export async function insertUser(db: Queryable, user: User): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO users (${insertedColumns}) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [user.id, user.email, user.roles, user.affiliateId, user.createdAt],
  );
  return rows.length === 1;
}

/** `email` must already be normalized (trimmed, lower-cased). */
export async function findUserByEmail(db: Queryable, email: string): Promise<User | null> {
  const rows = await db.query<UserRow>(`SELECT ${userColumns} FROM users WHERE email = $1`, [email]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Whether a user has this email; `email` must already be normalized. */
export async function userEmailTaken(db: Queryable, email: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM users WHERE email = $1', [email]);
  return rows.length > 0;
}

export async function findUserById(db: Queryable, userId: string): Promise<User | null> {
  const rows = await db.query<UserRow>(`SELECT ${userColumns} FROM users WHERE id = $1`, [userId]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserOfAffiliate(db: Queryable, affiliateId: string): Promise<User | null> {
  const rows = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users WHERE affiliate_id = $1 AND removed_at IS NULL
      ORDER BY created_at, id LIMIT 1`,
    [affiliateId],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** The users acting for an agency now (not removed), oldest first, at most `rowsMax`. */
export async function listAgencyUsers(db: Queryable, agencyId: string, rowsMax: number): Promise<User[]> {
  const rows = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users WHERE affiliate_id = $1 AND removed_at IS NULL
      ORDER BY created_at, id LIMIT $2`,
    [agencyId, rowsMax],
  );
  return rows.map(toUser);
}

/** Locks the agency's current users (so two removals cannot both take the last owner). */
export async function lockAgencyUsers(tx: Queryable, agencyId: string): Promise<User[]> {
  const rows = await tx.query<UserRow>(
    `SELECT ${userColumns} FROM users WHERE affiliate_id = $1 AND removed_at IS NULL
      ORDER BY id FOR UPDATE`,
    [agencyId],
  );
  return rows.map(toUser);
}

/** Locks the user with this email (normalized); null when there is none. */
export async function lockUserByEmail(tx: Queryable, email: string): Promise<User | null> {
  const rows = await tx.query<UserRow>(`SELECT ${userColumns} FROM users WHERE email = $1 FOR UPDATE`, [
    email,
  ]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Marks a user of the agency removed; false when it is not a current user of that agency. */
export async function markUserRemoved(
  tx: Queryable,
  user: { userId: string; agencyId: string; removedAt: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE users SET removed_at = $3 WHERE id = $1 AND affiliate_id = $2 AND removed_at IS NULL
     RETURNING id`,
    [user.userId, user.agencyId, user.removedAt],
  );
  return rows.length === 1;
}

/** Gives a removed user to an agency again, with new roles; returns the user, or null. */
export async function restoreRemovedUser(
  tx: Queryable,
  user: { userId: string; agencyId: string; roles: UserRole[] },
): Promise<User | null> {
  const rows = await tx.query<UserRow>(
    `UPDATE users SET affiliate_id = $2, roles = $3, removed_at = NULL
      WHERE id = $1 AND removed_at IS NOT NULL RETURNING ${userColumns}`,
    [user.userId, user.agencyId, user.roles],
  );
  return rows[0] ? toUser(rows[0]) : null;
}
