export interface FunnelCounts {
  clicks: number;
  signups: number;
  activated: number;
  paid: number;
  sustained: number;
}

export const funnelStages: Array<{ key: keyof FunnelCounts; label: string }> = [
  { key: 'clicks', label: 'Clicks' },
  { key: 'signups', label: 'Signups' },
  { key: 'activated', label: 'Activated' },
  { key: 'paid', label: 'Paid' },
  { key: 'sustained', label: 'Sustained' },
];

export const emptyCounts: FunnelCounts = { clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 };

/** Reads the five counts from any row, treating a missing one as zero. */
export function countsOf(row: unknown): FunnelCounts {
  const record = (row ?? {}) as Partial<Record<keyof FunnelCounts, unknown>>;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    clicks: count(record.clicks),
    signups: count(record.signups),
    activated: count(record.activated),
    paid: count(record.paid),
    sustained: count(record.sustained),
  };
}
