import type { Queryable } from '../../platform/db/database.js';

/** The append-only `fraud_flag_decisions` table: every decision a reviewer took on a fraud flag. */

export const fraudFlagDecisions = ['hold', 'release', 'reverse'] as const;
export type FraudFlagDecision = (typeof fraudFlagDecisions)[number];

export interface FraudFlagDecisionRow {
  id: string;
  flagId: string;
  decision: FraudFlagDecision;
  note: string | null;
  decidedBy: string;
  decidedAt: Date;
}

export async function insertFraudFlagDecision(tx: Queryable, row: FraudFlagDecisionRow): Promise<void> {
  await tx.query(
    `INSERT INTO fraud_flag_decisions (id, flag_id, decision, note, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.id, row.flagId, row.decision, row.note, row.decidedBy, row.decidedAt],
  );
}

/** The decisions on these flags, in the order they were taken. */
export async function loadFraudFlagDecisions(
  db: Queryable,
  flagIds: readonly string[],
): Promise<FraudFlagDecisionRow[]> {
  if (flagIds.length === 0) return [];
  const rows = await db.query<{
    id: string;
    flag_id: string;
    decision: FraudFlagDecision;
    note: string | null;
    decided_by: string;
    decided_at: Date;
  }>(
    `SELECT id, flag_id, decision, note, decided_by, decided_at FROM fraud_flag_decisions
      WHERE flag_id = ANY ($1::text[]) ORDER BY position`,
    [[...new Set(flagIds)]],
  );
  return rows.map((row) => ({
    id: row.id,
    flagId: row.flag_id,
    decision: row.decision,
    note: row.note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  }));
}
