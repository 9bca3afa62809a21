import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random base62 string; `length` characters carry ~5.95 bits each. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let index = 0; out.length < length && index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte < 248) out += alphabet[byte % 62];
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

/** Prefixed opaque ids, e.g. `aff_3kT9…`, so an id says what it names. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}

export type IdGenerator = (prefix: string) => string;
