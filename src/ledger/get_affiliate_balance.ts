import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import type { AffiliateBalances } from './rules/ledger.js';
import { readAffiliateBalances } from './storage/ledger.js';

/** The seven balances of an affiliate, each a sum over its ledger entries. */
export async function getAffiliateBalance(context: Context, affiliateId: string): Promise<AffiliateBalances> {
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [affiliateId]);
  if (found.length === 0) throw notFound('affiliate', affiliateId);
  return readAffiliateBalances(context.db, affiliateId);
}
