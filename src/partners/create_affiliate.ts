import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { emailDomain, normalizeEmail } from '../referrals/rules/email.js';
import {
  type AffiliateKind,
  type AffiliateRow,
  type AffiliateStatus,
  findAffiliate,
  insertActiveAffiliateUnlessEmailTaken,
} from './storage/affiliates.js';

export type { AffiliateKind };

export interface Affiliate {
  id: string;
  email: string;
  name: string;
  kind: AffiliateKind;
  status: AffiliateStatus;
  createdAt: string;
}

export async function createAffiliate(
  context: Context,
  input: { email: string; name: string; kind: AffiliateKind },
): Promise<Affiliate> {
  const email = normalizeEmail(input.email);
  const id = context.newId('aff');
  const createdAt = context.clock.now();
  const inserted = await insertActiveAffiliateUnlessEmailTaken(context.db, {
    id,
    email,
    emailDomain: emailDomain(email),
    name: input.name,
    kind: input.kind,
    createdAt,
  });
  if (!inserted) {
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
  const row = await findAffiliate(context.db, affiliateId);
  return row ? affiliateOf(row) : null;
}

function affiliateOf(row: AffiliateRow): Affiliate {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}
