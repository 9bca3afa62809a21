import { useCallback, useEffect, useRef, useState } from 'react';
import { listOf } from '../api';
import { FunnelChart, type SeriesPoint } from '../components/FunnelChart';
import { CopyButton, EmptyState, ErrorNote, Loading, ScrollRegion, Stat } from '../components/ui';
import { formatDateTime, formatRate } from '../format';
import { countsOf, type FunnelCounts, funnelStages } from '../funnel';
import { useLiveEvents } from '../live';
import { Link } from '../router';
import { useApi } from '../use_api';

interface FunnelResponse {
  to?: string;
  totals: FunnelCounts;
  series: SeriesPoint[];
  byLink: Array<FunnelCounts & { code?: string; linkId?: string; tag?: string | null; url?: string }>;
  byTag: Array<FunnelCounts & { tag?: string | null }>;
}

interface LinkRow {
  code: string;
  url: string;
  tag: string | null;
}

const intervals = ['day', 'week', 'month'] as const;
type Interval = (typeof intervals)[number];
/** How far back each view reaches, in days up to the program's today. */
const rangeDaysByInterval: Record<Interval, number> = { day: 30, week: 84, month: 365 };
const intervalLabels: Record<Interval, string> = {
  day: 'Last 30 days, by day',
  week: 'Last 12 weeks, by week',
  month: 'Last 12 months, by month',
};
const msPerDay = 86_400_000;

/** The funnel query: the server's default range by day; longer ranges end on the program's today. */
function funnelQuery(interval: Interval, today: string | null): string {
  if (!today || interval === 'day') return `interval=${interval}`;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (rangeDaysByInterval[interval] - 1) * msPerDay);
  return `interval=${interval}&from=${from.toISOString().slice(0, 10)}&to=${today}`;
}
const reloadAfterEventMs = 200;

export function FunnelPage({ affiliateId }: { affiliateId: string }) {
  const [bucket, setBucket] = useState<Interval>('day');
  const [today, setToday] = useState<string | null>(null);
  const base = `/v1/affiliates/${encodeURIComponent(affiliateId)}`;
  const funnel = useApi<FunnelResponse>(`${base}/funnel?${funnelQuery(bucket, today)}`);
  const answeredTo = funnel.data?.to;
  useEffect(() => {
    if (answeredTo && today === null) setToday(answeredTo.slice(0, 10));
  }, [answeredTo, today]);
  const links = useApi<unknown>(`${base}/links`);
  const reloadTimer = useRef<number | undefined>(undefined);
  const { reload } = funnel;
  const onEvent = useCallback(() => {
    window.clearTimeout(reloadTimer.current);
    reloadTimer.current = window.setTimeout(reload, reloadAfterEventMs);
  }, [reload]);
  useEffect(() => () => window.clearTimeout(reloadTimer.current), []);
  const live = useLiveEvents(affiliateId, onEvent);

  const totals = countsOf(funnel.data?.totals);
  const firstLink = listOf<LinkRow>(links.data, 'links')[0];
  return (
    <section>
      <div className="heading-row">
        <h1>Your funnel</h1>
        <span className={live.connected ? 'live on' : 'live'} aria-live="polite">
          {live.connected ? 'Live' : 'Connecting…'}
        </span>
      </div>
      <ErrorNote message={funnel.error} />
      {funnel.data === null && funnel.loading ? <Loading what="your funnel" /> : null}
      <div className="stats" data-testid="funnel-totals">
        {funnelStages.map((stage, index) => {
          const previous = index > 0 ? funnelStages[index - 1] : undefined;
          return (
            <Stat
              key={stage.key}
              label={stage.label}
              value={String(totals[stage.key])}
              note={
                previous
                  ? `${formatRate(totals[stage.key], totals[previous.key])} of ${previous.label.toLowerCase()}`
                  : undefined
              }
            />
          );
        })}
      </div>
      {funnel.data && totals.clicks === 0 ? (
        <EmptyState title="No clicks yet — share your link to start your funnel.">
          {firstLink ? (
            <p className="link-line">
              <code>{firstLink.url}</code> <CopyButton text={firstLink.url} what="your link" />
            </p>
          ) : (
            <p>
              <Link to="/dashboard/links">Create a link</Link> for a blog post, repository or video and share
              it.
            </p>
          )}
        </EmptyState>
      ) : null}
      {funnel.data && totals.clicks > 0 ? (
        <>
          <div className="heading-row">
            <h2>Over time</h2>
            <label className="inline">
              Show{' '}
              <select value={bucket} onChange={(event) => setBucket(event.target.value as Interval)}>
                {intervals.map((value) => (
                  <option key={value} value={value}>
                    {intervalLabels[value]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FunnelChart series={funnel.data.series ?? []} />
          <BreakdownTable
            caption="Per link"
            rows={(funnel.data.byLink ?? []).map((row) => ({
              name: row.tag ? `${row.code ?? row.linkId} (${row.tag})` : String(row.code ?? row.linkId),
              counts: countsOf(row),
            }))}
          />
          <BreakdownTable
            caption="Per content tag"
            rows={(funnel.data.byTag ?? []).map((row) => ({
              name: row.tag ?? 'untagged',
              counts: countsOf(row),
            }))}
          />
        </>
      ) : null}
      <h2>Latest activity</h2>
      {live.recent.length === 0 ? (
        <p className="muted">New clicks and signups appear here as they happen.</p>
      ) : (
        <ul className="activity" data-testid="activity">
          {live.recent.map((event) => (
            <li key={event.id}>
              <span>{event.summary}</span> <span className="muted">{formatDateTime(event.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BreakdownTable({
  caption,
  rows,
}: {
  caption: string;
  rows: Array<{ name: string; counts: FunnelCounts }>;
}) {
  if (rows.length === 0) return null;
  return (
    <ScrollRegion label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {funnelStages.map((stage) => (
              <th scope="col" key={stage.key}>
                {stage.label}
              </th>
            ))}
            <th scope="col">Click → signup</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">{row.name}</th>
              {funnelStages.map((stage) => (
                <td key={stage.key}>{row.counts[stage.key]}</td>
              ))}
              <td>{formatRate(row.counts.signups, row.counts.clicks)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
