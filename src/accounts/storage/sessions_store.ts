import type { Queryable } from '../../platform/db/database.js';

export interface SessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  renewedAt: Date;
  revokedAt: Date | null;
}

export async function insertSession(db: Queryable, session: SessionRecord): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, renewed_at, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      session.id,
      session.tokenHash,
      session.userId,
      session.createdAt,
      session.expiresAt,
      session.renewedAt,
      session.revokedAt,
    ],
  );
}

export async function findSessionByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<SessionRecord | null> {
  const rows = await db.query<{
    id: string;
    token_hash: string;
    user_id: string;
    created_at: Date;
    expires_at: Date;
    renewed_at: Date;
    revoked_at: Date | null;
  }>(
    `SELECT id, token_hash, user_id, created_at, expires_at, renewed_at, revoked_at
       FROM sessions WHERE token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    renewedAt: row.renewed_at,
    revokedAt: row.revoked_at,
  };
}

export async function renewSession(db: Queryable, sessionId: string, renewedAt: Date, expiresAt: Date) {
  await db.query(
    'UPDATE sessions SET renewed_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL',
    [sessionId, renewedAt, expiresAt],
  );
}

export async function revokeSession(db: Queryable, sessionId: string, revokedAt: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
    sessionId,
    revokedAt,
  ]);
}

/** Ends every live session of a user at once (a member removed from its agency). */
export async function revokeSessionsOfUser(db: Queryable, userId: string, revokedAt: Date): Promise<number> {
  const rows = await db.query(
    'UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId, revokedAt],
  );
  return rows.length;
}
