import type { Context } from '../app/context.js';
import { emailDomain, normalizeEmail } from '../referrals/rules/email.js';
import type { UserRole } from './roles.js';
import { insertPendingAffiliate } from './storage/applications_store.js';
import { insertUser, userEmailTaken } from './storage/users_store.js';

export interface ApplicationInput {
  email: string;
  name: string;
  kind: 'developer' | 'agency';
  website?: string | undefined;
}

/**
 * Records an application as a pending affiliate and its user, in one transaction. An email that
 * already has an affiliate or a user changes nothing, and the caller answers the same either way.
 */
export async function submitApplication(context: Context, input: ApplicationInput): Promise<void> {
  const email = normalizeEmail(input.email);
  const now = context.clock.now();
  const affiliateId = context.newId('aff');
  const roles: UserRole[] = input.kind === 'agency' ? ['agency_owner'] : ['affiliate'];
  await context.db.transaction(async (tx) => {
    if (await userEmailTaken(tx, email)) return;
    const inserted = await insertPendingAffiliate(tx, {
      id: affiliateId,
      email,
      emailDomain: emailDomain(email),
      name: input.name,
      kind: input.kind,
      website: input.website ?? null,
      createdAt: now,
    });
    if (!inserted) return;
    await insertUser(tx, { id: context.newId('usr'), email, roles, affiliateId, createdAt: now });
  });
}
