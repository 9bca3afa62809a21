// How each program setting is edited: its label, and the unit a person types it in. Money is typed in
// dollars and rates in percent; both are turned back into the integer cents and basis points the API
// takes before anything is sent.

export type SettingValue = number | string | boolean | string[];
export type Settings = Record<string, SettingValue>;

export type FieldUnit = 'dollars' | 'percent' | 'count' | 'choice' | 'hosts' | 'switch' | 'text';

export interface SettingField {
  key: string;
  label: string;
  unit: FieldUnit;
  choices?: readonly string[];
}

const known: Record<string, Omit<SettingField, 'key'>> = {
  cookieWindowDays: { label: 'Attribution window (days)', unit: 'count' },
  attributionModel: { label: 'Attribution model', unit: 'choice', choices: ['last_click', 'first_click'] },
  clickDedupeWindowMinutes: { label: 'Repeat clicks count once within (minutes)', unit: 'count' },
  activationRule: { label: 'Activation rule', unit: 'choice', choices: ['api_calls', 'active_days'] },
  activationApiCalls: { label: 'Activation: API calls', unit: 'count' },
  activationActiveDays: { label: 'Activation: active days', unit: 'count' },
  sustainedDays: { label: 'Sustained after paying (days)', unit: 'count' },
  earlyChurnWindowDays: { label: 'Early-churn reversal window (days)', unit: 'count' },
  payoutDelayDays: { label: 'Payout delay (days)', unit: 'count' },
  minPayoutCents: { label: 'Minimum payout ($)', unit: 'dollars' },
  usageDedupeWindowDays: { label: 'Usage event dedupe window (days)', unit: 'count' },
  tier1BonusCents: { label: 'Tier 1 bonus ($)', unit: 'dollars' },
  tier1ActiveDays: { label: 'Tier 1: active days', unit: 'count' },
  tier2BonusCents: { label: 'Tier 2 bonus ($)', unit: 'dollars' },
  tier2MembersMin: { label: 'Tier 2: members at least', unit: 'count' },
  tier2ActiveDays: { label: 'Tier 2: active days', unit: 'count' },
  tier3RateBasisPoints: { label: 'Tier 3 revenue share (%)', unit: 'percent' },
  tier3MonthlyPaidThresholdCents: { label: 'Tier 3: paid in a month above ($)', unit: 'dollars' },
  tier3DurationMonths: { label: 'Tier 3 duration (months)', unit: 'count' },
  tier3AffiliateMonthlyCapCents: { label: 'Tier 3 cap per affiliate per month ($)', unit: 'dollars' },
  tier4RateBasisPoints: { label: 'Tier 4 agency share (%)', unit: 'percent' },
  tier4DurationMonths: { label: 'Tier 4 duration (months)', unit: 'count' },
  tier4AgencyMonthlyCapCents: { label: 'Tier 4 cap per agency per month ($)', unit: 'dollars' },
  contentRateBasisPoints: { label: 'Content lifetime share (%)', unit: 'percent' },
  contentAccountCeilingCents: { label: 'Content share ceiling per account ($)', unit: 'dollars' },
  linkDestinationHosts: { label: 'Link destination hosts (comma-separated)', unit: 'hosts' },
  payoutApprovalRequired: { label: 'Payout runs wait for approval', unit: 'switch' },
};

function humanLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of the settings the server holds, known ones labelled, new ones by their value's type. */
export function fieldsOf(settings: Settings): SettingField[] {
  return Object.entries(settings).map(([key, value]) => {
    const field = known[key];
    if (field) return { key, ...field };
    if (typeof value === 'boolean') return { key, label: humanLabel(key), unit: 'switch' };
    if (typeof value === 'number') {
      if (key.endsWith('Cents'))
        return { key, label: `${humanLabel(key.replace(/Cents$/, ''))} ($)`, unit: 'dollars' };
      if (key.endsWith('BasisPoints'))
        return { key, label: `${humanLabel(key.replace(/BasisPoints$/, ''))} (%)`, unit: 'percent' };
      return { key, label: humanLabel(key), unit: 'count' };
    }
    if (Array.isArray(value)) return { key, label: `${humanLabel(key)} (comma-separated)`, unit: 'hosts' };
    return { key, label: humanLabel(key), unit: 'text' };
  });
}

/** The text an input shows for a stored value. */
export function inputText(field: SettingField, value: SettingValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number' && field.unit === 'dollars') return (value / 100).toFixed(2);
  if (typeof value === 'number' && field.unit === 'percent') return String(value / 100);
  return String(value);
}

/** The stored value of what was typed, or an error that says how to type it. */
export function parseInput(field: SettingField, text: string): { value: SettingValue } | { error: string } {
  const trimmed = text.trim();
  if (field.unit === 'switch') return { value: trimmed === 'true' };
  if (field.unit === 'choice' || field.unit === 'text') return { value: trimmed };
  if (field.unit === 'hosts') {
    return {
      value: trimmed
        .split(/[\s,]+/)
        .map((host) => host.toLowerCase())
        .filter((host) => host !== ''),
    };
  }
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { error: `${field.label}: type a number` };
  if (field.unit === 'dollars') {
    if (!/^\d+(\.\d{1,2})?$/.test(trimmed))
      return { error: `${field.label}: dollars with at most 2 decimals` };
    return { value: Math.round(Number(trimmed) * 100) };
  }
  if (field.unit === 'percent') {
    if (!/^\d+(\.\d{1,2})?$/.test(trimmed))
      return { error: `${field.label}: a percentage with at most 2 decimals` };
    return { value: Math.round(Number(trimmed) * 100) };
  }
  if (!/^\d+$/.test(trimmed)) return { error: `${field.label}: a whole number` };
  return { value: Number(trimmed) };
}

function same(left: SettingValue | undefined, right: SettingValue | undefined): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** The settings whose typed value differs from the current one, or the first typing error. */
export function changesOf(
  fields: SettingField[],
  current: Settings,
  typed: Record<string, string>,
): { changes: Settings } | { error: string } {
  const changes: Settings = {};
  for (const field of fields) {
    const text = typed[field.key];
    if (text === undefined) continue;
    const parsed = parseInput(field, text);
    if ('error' in parsed) return parsed;
    if (!same(parsed.value, current[field.key])) changes[field.key] = parsed.value;
  }
  return { changes };
}

/** A stored value written out in its field's unit, for the history and the preview. */
export function displayValue(key: string, value: unknown): string {
  if (value === undefined || value === null) return '—';
  const field = fieldsOf({ [key]: value as SettingValue })[0];
  if (!field) return String(value);
  if (field.unit === 'dollars' && typeof value === 'number') return `$${(value / 100).toFixed(2)}`;
  if (field.unit === 'percent' && typeof value === 'number') return `${value / 100} %`;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function settingLabel(key: string): string {
  return known[key]?.label ?? humanLabel(key);
}
