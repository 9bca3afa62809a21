import type { Queryable } from '../../platform/db/database.js';

export interface SignInTokenRecord {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertSignInToken(db: Queryable, token: SignInTokenRecord): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_tokens (token_hash, user_id, created_at, expires_at, used_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [token.tokenHash, token.userId, token.createdAt, token.expiresAt, token.usedAt],
  );
}

/** Locks the token's row, so two clicks on one link cannot both use it. */
export async function lockSignInToken(tx: Queryable, tokenHash: string): Promise<SignInTokenRecord | null> {
  const rows = await tx.query<{
    token_hash: string;
    user_id: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
  }>(
    `SELECT token_hash, user_id, created_at, expires_at, used_at
       FROM sign_in_tokens WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

export async function markSignInTokenUsed(tx: Queryable, tokenHash: string, usedAt: Date): Promise<void> {
  await tx.query('UPDATE sign_in_tokens SET used_at = $2 WHERE token_hash = $1', [tokenHash, usedAt]);
}
