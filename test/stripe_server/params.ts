import { stripeErrors } from './errors.js';
import type { FormObject, FormValue } from './form.js';

/** Stripe rejects parameters it does not know; so does this server, to catch client mistakes. */
export function allowOnly(params: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw stripeErrors.parameterUnknown(key);
  }
}

export function optionalString(params: FormObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw stripeErrors.invalidParameter(name, `Invalid string: ${name}`);
  return value;
}

export function requiredString(params: FormObject, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw stripeErrors.parameterMissing(name);
  return value;
}

export function optionalPositiveInteger(params: FormObject, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value) || Number(value) < 1) throw stripeErrors.parameterInvalidInteger(name);
  return Number(value);
}

export function requiredPositiveInteger(params: FormObject, name: string): number {
  const value = optionalPositiveInteger(params, name);
  if (value === undefined) throw stripeErrors.parameterMissing(name);
  return value;
}

export function currency(params: FormObject): string {
  const value = requiredString(params, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(value))
    throw stripeErrors.invalidParameter('currency', `Invalid currency: ${value}`);
  return value;
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
export function metadata(params: FormObject): Record<string, string> {
  const value: FormValue | undefined = params['metadata'];
  if (value === undefined || value === '') return {};
  if (typeof value === 'string' || Array.isArray(value)) {
    throw stripeErrors.invalidParameter('metadata', 'Invalid object');
  }
  const entries = Object.entries(value);
  if (entries.length > 50) throw stripeErrors.invalidParameter('metadata', 'Too many metadata keys (max 50)');
  const out: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (typeof item !== 'string') throw stripeErrors.invalidParameter(`metadata[${key}]`, 'Invalid string');
    if (key.length > 40)
      throw stripeErrors.invalidParameter(`metadata[${key}]`, 'Metadata keys are at most 40 characters');
    if (item.length > 500)
      throw stripeErrors.invalidParameter(`metadata[${key}]`, 'Metadata values are at most 500 characters');
    if (item !== '') out[key] = item;
  }
  return out;
}

/** `created=123` or `created[gte]=…&created[lt]=…` → a predicate on a Unix time. */
export function createdFilter(params: FormObject): (seconds: number) => boolean {
  const value = params['created'];
  if (value === undefined) return () => true;
  const asNumber = (text: FormValue | undefined, name: string): number | undefined => {
    if (text === undefined) return undefined;
    if (typeof text !== 'string' || !/^[0-9]{1,12}$/.test(text))
      throw stripeErrors.parameterInvalidInteger(name);
    return Number(text);
  };
  if (typeof value === 'string') {
    const exact = asNumber(value, 'created')!;
    return (seconds) => seconds === exact;
  }
  if (Array.isArray(value)) throw stripeErrors.invalidParameter('created', 'Invalid range');
  allowOnly(value, ['gt', 'gte', 'lt', 'lte']);
  const gt = asNumber(value['gt'], 'created[gt]');
  const gte = asNumber(value['gte'], 'created[gte]');
  const lt = asNumber(value['lt'], 'created[lt]');
  const lte = asNumber(value['lte'], 'created[lte]');
  return (seconds) =>
    (gt === undefined || seconds > gt) &&
    (gte === undefined || seconds >= gte) &&
    (lt === undefined || seconds < lt) &&
    (lte === undefined || seconds <= lte);
}
