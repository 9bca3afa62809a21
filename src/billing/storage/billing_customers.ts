import type { Queryable } from '../../platform/db/database.js';

export async function ensureCustomer(tx: Queryable, customerId: string, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO billing_customers (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
    [customerId, now],
  );
}

export async function customerTeam(tx: Queryable, customerId: string): Promise<string | null> {
  const rows = await tx.query<{ team_id: string | null }>(
    'SELECT team_id FROM billing_customers WHERE id = $1',
    [customerId],
  );
  return rows[0]?.team_id ?? null;
}

/**
 * Links a customer to a team unless it is linked already (the first link wins). Returns the
 * team the customer is linked to afterwards, which differs from `teamId` on a conflict.
 */
export async function linkCustomer(
  tx: Queryable,
  link: {
    customerId: string;
    teamId: string;
    via: 'api' | 'customer_metadata' | 'subscription_metadata';
    now: Date;
  },
): Promise<{ teamId: string; newlyLinked: boolean }> {
  await ensureCustomer(tx, link.customerId, link.now);
  const updated = await tx.query(
    `UPDATE billing_customers SET team_id = $2, linked_via = $3, linked_at = $4
      WHERE id = $1 AND team_id IS NULL RETURNING id`,
    [link.customerId, link.teamId, link.via, link.now],
  );
  if (updated.length > 0) return { teamId: link.teamId, newlyLinked: true };
  return { teamId: (await customerTeam(tx, link.customerId)) ?? link.teamId, newlyLinked: false };
}
