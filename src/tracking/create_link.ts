import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { randomBase62 } from '../platform/ids.js';
import { AppError } from '../platform/rules/errors.js';
import { destinationHost, generatedLinkCodeLength, isDestinationHostAllowed } from './rules/links.js';
import { insertLinkUnlessCodeTaken } from './storage/links.js';

export interface Link {
  id: string;
  code: string;
  url: string;
  affiliateId: string;
  destination: string;
  tag: string | null;
  createdAt: string;
}

export const defaultLinkDestination = 'https://emdash.dev/';

export function linkUrl(context: Context, code: string, tag?: string | null): string {
  const base = context.config.publicUrl ?? `http://localhost:${context.config.port}`;
  return `${base.replace(/\/$/, '')}/r/${encodeURIComponent(code)}${tag ? `/${encodeURIComponent(tag)}` : ''}`;
}

/**
 * Refuses a destination outside the program's `linkDestinationHosts`. Every path that sets a
 * link's destination (creation, and any later update) calls this before writing.
 */
export async function assertLinkDestinationAllowed(context: Context, destination: string): Promise<void> {
  const settings = (await context.settings.fresh()).at(context.clock.now());
  if (isDestinationHostAllowed(destination, settings.linkDestinationHosts)) return;
  const allowed = settings.linkDestinationHosts.join(', ');
  throw new AppError(
    'validation_failed',
    `links may point only at ${allowed} and their subdomains, not at ${destinationHost(destination)}`,
    { path: 'destination' },
  );
}

export async function createLink(
  context: Context,
  input: {
    affiliateId: string;
    destination?: string | undefined;
    tag?: string | undefined;
    code?: string | undefined;
  },
): Promise<Link> {
  if (!(await affiliateExists(context.db, input.affiliateId))) {
    throw new AppError('not_found', `affiliate ${input.affiliateId} does not exist`, { path: 'affiliateId' });
  }
  if (input.destination !== undefined) await assertLinkDestinationAllowed(context, input.destination);
  const id = context.newId('lnk');
  const code = input.code ?? randomBase62(generatedLinkCodeLength);
  const destination = input.destination ?? defaultLinkDestination;
  const tag = input.tag ?? null;
  const createdAt = context.clock.now();
  const inserted = await insertLinkUnlessCodeTaken(context.db, {
    id,
    code,
    affiliateId: input.affiliateId,
    destination,
    tag,
    createdAt,
  });
  if (!inserted) throw new AppError('conflict', `the link code ${code} is taken`, { path: 'code' });
  return {
    id,
    code,
    url: linkUrl(context, code, tag),
    affiliateId: input.affiliateId,
    destination,
    tag,
    createdAt: createdAt.toISOString(),
  };
}
