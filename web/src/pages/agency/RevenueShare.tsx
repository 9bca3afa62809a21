import { useEffect, useMemo, useState } from 'react';
import { EmptyState, ErrorNote, Loading, ScrollRegion, Stat } from '../../components/ui';
import { formatCents } from '../../format';
import { Link } from '../../router';
import { useApi } from '../../use_api';
import { agencyPath, type RevenueShareReport } from './agency_api';
import { projectPath } from './agency_routes';
import { type ClientSeries, clientColours, RevenueChart } from './RevenueChart';

const rangeChoices = [
  { months: 12, label: 'Last 12 months' },
  { months: 24, label: 'Last 24 months' },
] as const;

function monthLabel(start: string): string {
  return new Date(`${start}T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The range of `months` whole months ending on `to` (the program's today, as the server's default
 * range ended: the program may run on a simulated clock); without it the server's 12 months.
 */
function rangeQuery(months: number, to: string | null): string {
  if (months === 12 || to === null) return '';
  const end = new Date(`${to}T00:00:00Z`);
  const from = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (months - 1), 1));
  return `?from=${from.toISOString().slice(0, 10)}&to=${to}`;
}

function clientLabel(client: RevenueShareReport['byClient'][number]): string {
  return client.projectName ? `${client.projectName} (${client.teamId})` : client.teamId;
}

export function RevenueSharePage({ agencyId }: { agencyId: string }) {
  const [months, setMonths] = useState<number>(12);
  const [today, setToday] = useState<string | null>(null);
  const report = useApi<RevenueShareReport>(
    agencyPath(agencyId, `/revenue-share${rangeQuery(months, today)}`),
  );
  const data = report.data;
  // The first report's end is the program's today: longer ranges end there too.
  useEffect(() => {
    if (data && today === null) setToday(data.to);
  }, [data, today]);
  const charted: ClientSeries[] = useMemo(
    () =>
      (data?.byClient ?? []).slice(0, clientColours.length).map((client) => ({
        label: clientLabel(client),
        points: client.series,
      })),
    [data],
  );
  const monthStarts = data?.byClient[0]?.series.map((point) => point.start) ?? [];
  return (
    <section>
      <div className="heading-row">
        <h1>Revenue share</h1>
        <label className="inline">
          Show{' '}
          <select value={months} onChange={(event) => setMonths(Number(event.target.value))}>
            {rangeChoices.map((choice) => (
              <option key={choice.months} value={choice.months}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        20 % of each paid invoice of your clients for 12 months from their first, counted in the month it was
        paid: what was granted after the monthly cap, less any refund's reversal.
      </p>
      <ErrorNote message={report.error} />
      {data === null && report.loading ? <Loading what="your revenue share" /> : null}
      {data ? (
        <div className="stats" data-testid="revenue-totals">
          <Stat
            label="Earned"
            value={formatCents(data.totals.earnedCents)}
            note={`${data.from} to ${data.to}`}
          />
          <Stat label="Clients" value={String(data.totals.clients)} note="that paid in this range" />
        </div>
      ) : null}
      {data && data.byClient.length === 0 ? (
        <EmptyState title="No revenue share yet.">
          <p>
            You earn from clients attributed to your agency: claim their company domains under{' '}
            <Link to="/agency/client-domains">Client domains</Link>, or hand a project off to their team under{' '}
            <Link to="/agency">Projects</Link>. Their paid invoices show here.
          </p>
        </EmptyState>
      ) : null}
      {data && data.byClient.length > 0 ? (
        <>
          <h2>Per client over time</h2>
          <RevenueChart clients={charted} />
          {data.byClient.length > charted.length ? (
            <p className="muted">
              The chart shows the {charted.length} clients that earned most; the table has all.
            </p>
          ) : null}
          <ScrollRegion label="Revenue share per client and month">
            <table>
              <caption>Per client and month</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Total</th>
                  {monthStarts.map((start) => (
                    <th key={start} scope="col">
                      {monthLabel(start)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.byClient.map((client) => (
                  <tr key={client.teamId}>
                    <th scope="row">
                      {client.projectId && client.projectName ? (
                        <Link to={projectPath(client.projectId)}>{client.projectName}</Link>
                      ) : null}{' '}
                      <span className={client.projectName ? 'muted' : undefined}>{client.teamId}</span>
                    </th>
                    <td>{formatCents(client.totalCents)}</td>
                    {client.series.map((point) => (
                      <td key={point.start}>
                        {point.earnedCents === 0 ? '—' : formatCents(point.earnedCents)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
    </section>
  );
}
