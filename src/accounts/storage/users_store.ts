import type { Queryable } from '../../platform/db/database.js';
import type { UserRole } from '../roles.js';

export interface User {
  id: string;
  email: string;
  roles: UserRole[];
  affiliateId: string | null;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  roles: UserRole[];
  affiliate_id: string | null;
  created_at: Date;
}

const userColumns = 'id, email, roles, affiliate_id, created_at';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    roles: row.roles,
    affiliateId: row.affiliate_id,
    createdAt: row.created_at,
  };
}

/** Inserts the user unless its email is taken; returns whether it was inserted. */
export async function insertUser(db: Queryable, user: User): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO users (${userColumns}) VALUES ($1, $2, $3, $4, $5)
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
    `SELECT ${userColumns} FROM users WHERE affiliate_id = $1 ORDER BY created_at, id LIMIT 1`,
    [affiliateId],
  );
  return rows[0] ? toUser(rows[0]) : null;
}
