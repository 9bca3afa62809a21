import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { notFound } from '../platform/rules/errors.js';
import type { AffiliateBalances } from './rules/ledger.js';
import { readAffiliateBalances } from './storage/ledger.js';

/** The seven balances of an affiliate, each a sum over its ledger entries. */
export async function getAffiliateBalance(context: Context, affiliateId: string): Promise<AffiliateBalances> {
  if (!(await affiliateExists(context.db, affiliateId))) throw notFound('affiliate', affiliateId);
  return readAffiliateBalances(context.db, affiliateId);
}
