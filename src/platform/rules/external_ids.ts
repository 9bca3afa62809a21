import { createHash } from 'node:crypto';

/**
 * Ids the outside world sends (invoice, refund, subscription and customer ids from the plain
 * billing API and from Stripe events; team ids from the EmDash backend), and how one becomes part
 * of an internal id (a commission id built from an invoice id, the ledger transfer ids built from
 * that). One rule per kind of id, checked at the edge; pure.
 */

/** Letters, digits and `_ . : -`, starting with a letter or digit, at most 255 characters. */
export const externalIdLengthMax = 255;
export const externalIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/;
export const externalIdRule = 'letters, digits and _ . : -, at most 255';

/** Team ids: the same characters, at most 128. */
export const teamIdLengthMax = 128;
export const teamIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const teamIdRule = 'letters, digits and _ . : -, at most 128';

/**
 * An external id embedded in an internal id is kept verbatim up to this length. Every id stored
 * before ids were bounded was shorter (transfer ids were capped at 200 characters), so they all
 * keep their meaning.
 */
export const embeddedIdVerbatimLengthMax = 200;
export const embeddedIdPrefixLength = 136;
const sha256HexLength = 64;
/** The longest embedded form: a readable prefix, `~`, and the SHA-256 of the whole id. */
export const embeddedIdLengthMax = embeddedIdPrefixLength + 1 + sha256HexLength;

/**
 * The bounded form of an external id inside an internal id. Collision-free: verbatim forms are at
 * most 200 characters and digest forms exactly 201, so they never meet, and two digest forms are
 * equal only when the SHA-256 of the ids is.
 */
export function embeddedId(externalId: string): string {
  if (externalId.length <= embeddedIdVerbatimLengthMax) return externalId;
  const digest = createHash('sha256').update(externalId, 'utf8').digest('hex');
  return `${externalId.slice(0, embeddedIdPrefixLength)}~${digest}`;
}
