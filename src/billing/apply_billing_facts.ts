import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { reportedTimeRefusal } from '../platform/rules/reported_time.js';
import { teamExists } from '../referrals/storage/teams.js';
import { type BillingChanges, emptyBillingChanges } from './billing_effect.js';
import { runBillingEffects } from './billing_effects.js';
import type { BillingFactUpdate } from './rules/stripe_events.js';
import { ensureCustomer, linkCustomer } from './storage/billing_customers.js';
import { invoiceTeam, subscriptionTeam } from './storage/billing_facts.js';
import { storeInvoice } from './storage/billing_invoices.js';
import { storeRefund } from './storage/billing_refunds.js';
import { storeSubscription } from './storage/billing_subscriptions.js';

export interface AppliedBillingFacts {
  /** Whether any stored fact changed (false for a repeat or an outdated state). */
  changed: boolean;
  /** Teams the updates concern, as far as they are linked yet. */
  teamIds: string[];
}

/**
 * Stores billing fact updates (from a Stripe event or the plain billing API) and then runs the
 * billing effects for every team they concern. Call inside a transaction holding `lockBilling`;
 * the caller opens it so that recording the input and its effects commit together.
 */
export async function applyBillingFacts(
  tx: Queryable,
  context: Context,
  updates: readonly BillingFactUpdate[],
  now: Date,
): Promise<AppliedBillingFacts> {
  const changesByTeam = new Map<string, BillingChanges>();
  let changed = false;
  const touch = (teamId: string | null): BillingChanges | null => {
    if (teamId === null) return null;
    let changes = changesByTeam.get(teamId);
    if (!changes) {
      changes = emptyBillingChanges();
      changesByTeam.set(teamId, changes);
    }
    return changes;
  };

  for (const update of updates) {
    switch (update.kind) {
      case 'customer': {
        await ensureCustomer(tx, update.customerId, now);
        if (update.teamId === null) break;
        const link = await linkCustomer(tx, {
          customerId: update.customerId,
          teamId: update.teamId,
          via: update.linkedVia,
          now,
        });
        const changes = touch(link.teamId);
        if (link.newlyLinked && changes) {
          changes.customerLinked = true;
          changed = true;
        }
        break;
      }
      case 'subscription': {
        if (update.customerId !== null) {
          await ensureCustomer(tx, update.customerId, now);
          if (update.teamId !== null) {
            const link = await linkCustomer(tx, {
              customerId: update.customerId,
              teamId: update.teamId,
              via: 'subscription_metadata',
              now,
            });
            const changes = touch(link.teamId);
            if (link.newlyLinked && changes) {
              changes.customerLinked = true;
              changed = true;
            }
          }
        }
        const stored = await storeSubscription(tx, update, now);
        const changes = touch(await subscriptionTeam(tx, update.subscriptionId));
        if (stored) {
          changed = true;
          changes?.subscriptionIds.push(update.subscriptionId);
        }
        break;
      }
      case 'invoice': {
        if (update.customerId !== null) await ensureCustomer(tx, update.customerId, now);
        const stored = await storeInvoice(tx, update, now);
        const changes = touch(await invoiceTeam(tx, update.invoiceId));
        if (stored.inserted) {
          changed = true;
          changes?.invoiceIds.push(update.invoiceId);
        }
        if (stored.resolvedRefundIds.length > 0) {
          changed = true;
          changes?.refundIds.push(...stored.resolvedRefundIds);
        }
        break;
      }
      case 'refund': {
        if (update.customerId !== null) await ensureCustomer(tx, update.customerId, now);
        const stored = await storeRefund(tx, update, now);
        changed = true;
        const changes = stored.invoiceId === null ? null : touch(await invoiceTeam(tx, stored.invoiceId));
        changes?.refundIds.push(update.refundId);
        break;
      }
    }
  }
  await runBillingEffects(tx, context, changesByTeam, now);
  return { changed, teamIds: [...changesByTeam.keys()].sort() };
}

/** The plain billing API names teams directly: an unknown team is the caller's mistake. */
export async function requireTeam(tx: Queryable, teamId: string): Promise<void> {
  if (!(await teamExists(tx, teamId)))
    throw new AppError('not_found', `team ${teamId} does not exist`, { path: 'teamId' });
}

/** Billing times reported by the caller may lag the program clock but never lead it. */
export function requireReportedTime(time: Date, now: Date, path: string): void {
  const refusal = reportedTimeRefusal(time, now);
  if (refusal) throw new AppError('validation_failed', `${path} ${refusal}`, { path });
}
