/**
 * A small seeded pseudo-random generator (sfc32), so that a demo seed always builds the same
 * program. Not for secrets. Every stream is named: a team's stream depends only on the seed and
 * the team's index, so adding draws to one part of the plan does not shift every other part.
 */

const base62Alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const uint32Range = 4_294_967_296;

/** FNV-1a over the text, then a murmur finaliser: 32 well-mixed bits from a stream name. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The stream `name` of `seed`; the same pair always yields the same sequence. */
  constructor(seed: number, name: string) {
    this.a = hash32(`${seed}|${name}|a`);
    this.b = hash32(`${seed}|${name}|b`);
    this.c = hash32(`${seed}|${name}|c`);
    this.d = 1;
    // The first outputs of sfc32 are poorly mixed: discard them.
    for (let round = 0; round < 12; round++) this.nextUint32();
  }

  nextUint32(): number {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    return result >>> 0;
  }

  /** Uniform in [0, 1). */
  fraction(): number {
    return this.nextUint32() / uint32Range;
  }

  /** Uniform whole number in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.fraction() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.fraction() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.fraction() * items.length)]!;
  }

  /** An index drawn in proportion to `weights` (all ≥ 0, at least one > 0). */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let target = this.fraction() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index]!;
      if (target < 0) return index;
    }
    return weights.length - 1;
  }

  /** Failures before the first success, each try succeeding with `probability` (0 < p ≤ 1). */
  geometric(probability: number): number {
    const draw = 1 - this.fraction();
    return Math.floor(Math.log(draw) / Math.log(1 - probability));
  }

  base62(length: number): string {
    let out = '';
    while (out.length < length) {
      const value = this.nextUint32() & 0xff;
      if (value < 248) out += base62Alphabet[value % 62];
    }
    return out;
  }
}

/**
 * Ids in the program's own shape (`prefix_` and 20 base62 characters) drawn from the seed, so that
 * the ids the use cases make (affiliates, clicks, commissions…) are the same on every run.
 */
export function seededIdGenerator(seed: number): (prefix: string) => string {
  const random = new SeededRandom(seed, 'ids');
  return (prefix) => `${prefix}_${random.base62(20)}`;
}
