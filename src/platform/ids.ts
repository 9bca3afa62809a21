import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random bytes are drawn from the OS in blocks: one system call per id was a cost on the redirect path. */
const randomPoolBytes = 8_192;
let randomPool = Buffer.alloc(0);
let randomPoolOffset = 0;

function nextRandomByte(): number {
  if (randomPoolOffset >= randomPool.length) {
    randomPool = randomBytes(randomPoolBytes);
    randomPoolOffset = 0;
  }
  return randomPool[randomPoolOffset++]!;
}

/** Characters are written here and read out as one string: no intermediate string per character. */
const characters = Buffer.alloc(64);

/** Random base62 string; `length` characters carry ~5.95 bits each (bytes ≥ 248 are skipped, so no bias). */
export function randomBase62(length: number): string {
  const scratch = length <= characters.length ? characters : Buffer.alloc(length);
  let written = 0;
  while (written < length) {
    const byte = nextRandomByte();
    if (byte < 248) scratch[written++] = alphabet.charCodeAt(byte % 62);
  }
  return scratch.toString('latin1', 0, length);
}

/** Prefixed opaque ids, e.g. `aff_3kT9…`, so an id says what it names. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}

export type IdGenerator = (prefix: string) => string;
