import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { emailDomain, normalizeEmail } from '../referrals/rules/email.js';

export type AffiliateKind = 'developer' | 'agency';

export interface Affiliate {
  id: string;
  email: string;
  name: string;
  kind: AffiliateKind;
  status: 'pending' | 'active' | 'rejected' | 'suspended';
  createdAt: string;
}

export async function createAffiliate(
  context: Context,
  input: { email: string; name: string; kind: AffiliateKind },
): Promise<Affiliate> {
  const email = normalizeEmail(input.email);
  const id = context.newId('aff');
  const createdAt = context.clock.now();
  const rows = await context.db.query<{ id: string }>(
    `INSERT INTO affiliates (id, email, email_domain, name, kind, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [id, email, emailDomain(email), input.name, input.kind, createdAt],
  );
  if (rows.length === 0) {
    throw new AppError('conflict', `an affiliate with email ${email} already exists`, { path: 'email' });
  }
  return {
    id,
    email,
    name: input.name,
    kind: input.kind,
    status: 'active',
    createdAt: createdAt.toISOString(),
  };
}

export async function getAffiliate(context: Context, affiliateId: string): Promise<Affiliate | null> {
  const rows = await context.db.query<{
    id: string;
    email: string;
    name: string;
    kind: AffiliateKind;
    status: Affiliate['status'];
    created_at: Date;
  }>('SELECT id, email, name, kind, status, created_at FROM affiliates WHERE id = $1', [affiliateId]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}
