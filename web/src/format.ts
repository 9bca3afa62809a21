// Display formatting. Money stays integer cents until it is written out.

export function formatCents(cents: number, currency = 'usd'): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(cents));
  const whole = Math.trunc(absolute / 100).toLocaleString('en-US');
  const fraction = String(absolute % 100).padStart(2, '0');
  const symbol = currency.toLowerCase() === 'usd' ? '$' : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${whole}.${fraction}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${formatDate(iso)} ${date.toISOString().slice(11, 16)} UTC`;
}

/** A conversion rate as a percentage with one decimal, or a dash when nothing came before it. */
export function formatRate(count: number, previous: number): string {
  if (previous <= 0) return '—';
  return `${((count * 1000) / previous / 10).toFixed(1)} %`;
}
