/**
 * Exact fractions of bigints, so that a projection never rounds before the figure it prints:
 * 7.5 clients converted stay 15/2, and a ratio such as 19,008,000 / 1,100,000 stays 432/25.
 * Always reduced, with a positive denominator.
 */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint, denominator = 1n): Rational {
  if (denominator === 0n) throw new RangeError('a rational needs a non-zero denominator');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = greatestCommonDivisor(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

export function fromInteger(value: number | bigint): Rational {
  return rational(BigInt(value));
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.numerator, a.denominator * b.denominator);
}

export function divide(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.denominator, a.denominator * b.numerator);
}

export function equals(a: Rational, b: Rational): boolean {
  return a.numerator === b.numerator && a.denominator === b.denominator;
}

export function isInteger(value: Rational): boolean {
  return value.denominator === 1n;
}

/** The largest integer not above the value (toward minus infinity, as money is floored to the cent). */
export function floor(value: Rational): bigint {
  const quotient = value.numerator / value.denominator;
  return value.numerator < 0n && quotient * value.denominator !== value.numerator ? quotient - 1n : quotient;
}

/** The value in tenths, rounded half up: 17.28 → 173, 17.25 → 173, 9.969… → 100. */
export function roundHalfUpToTenths(value: Rational): bigint {
  return floor(rational(value.numerator * 20n + value.denominator, value.denominator * 2n));
}

/** The value in tenths, truncated as a spreadsheet's "one decimal" cut would: 17.28 → 172. */
export function truncateToTenths(value: Rational): bigint {
  return (value.numerator * 10n) / value.denominator;
}

/**
 * Reads a plain decimal ("30", "12.5", "0.05") exactly, with at most `placesMax` digits after
 * the point; anything else (signs, exponents, spaces) is null.
 */
export function parseDecimal(text: string, placesMax: number): Rational | null {
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > placesMax) return null;
  return rational(BigInt(match[1]! + fraction), 10n ** BigInt(fraction.length));
}

/**
 * The exact decimal of a value whose denominator divides a power of ten (every figure of these
 * tables: counts times basis points), else the reduced fraction "a/b".
 */
export function toDecimalString(value: Rational): string {
  let denominator = value.denominator;
  let places = 0;
  while (denominator % 10n === 0n) {
    denominator /= 10n;
    places += 1;
  }
  while (denominator % 2n === 0n || denominator % 5n === 0n) {
    denominator /= denominator % 2n === 0n ? 2n : 5n;
    places += 1;
  }
  if (denominator !== 1n) return `${value.numerator}/${value.denominator}`;
  const negative = value.numerator < 0n;
  const scaled =
    ((negative ? -value.numerator : value.numerator) * 10n ** BigInt(places)) / value.denominator;
  const digits = scaled.toString().padStart(places + 1, '0');
  const whole = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${whole}` : whole;
}
