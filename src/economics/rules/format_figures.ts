import { type Rational, rational, toDecimalString } from './rational.js';

/** Figures as the brief writes them: $648,000 · 11,880 · 7.5 · 12% · 17.3x. */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function groupDecimal(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const grouped = whole!.startsWith('-') ? `-${groupThousands(whole!.slice(1))}` : groupThousands(whole!);
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Whole dollars without cents ("$648,000"), otherwise two decimals ("$1,200.50"). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  const dollars = groupThousands((magnitude / 100n).toString());
  const remainder = magnitude % 100n;
  const text = remainder === 0n ? `$${dollars}` : `$${dollars}.${remainder.toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function formatCount(value: Rational | bigint): string {
  return groupDecimal(toDecimalString(typeof value === 'bigint' ? rational(value) : value));
}

export function formatPercent(basisPoints: bigint): string {
  return `${toDecimalString(rational(basisPoints, 100n))}%`;
}

/** Tenths as a multiple: 173 → "17.3x". */
export function formatTenths(tenths: bigint): string {
  return `${groupDecimal(toDecimalString(rational(tenths, 10n)).replace(/^(-?\d+)$/, '$1.0'))}x`;
}

/** An exact ratio to two decimals, cut, for notes ("17.28"). */
export function formatRatioHundredths(value: Rational): string {
  const hundredths = (value.numerator * 100n) / value.denominator;
  const text = toDecimalString(rational(hundredths, 100n));
  return text.includes('.') ? text.padEnd(text.indexOf('.') + 3, '0') : `${text}.00`;
}
