import { Fragment, useMemo, useState } from 'react';
import { EmptyState, ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatCents } from '../../format';
import { useApi } from '../../use_api';
import { KpiChart } from './KpiChart';
import {
  type ComparedFigure,
  type EconomicsAnswer,
  formatDifference,
  formatFigure,
  type KpiPeriod,
  notesOf,
  periodsOf,
  seriesOf,
} from './kpi_figures';
import { NotOffered } from './NotOffered';

const economicsPath = (by: 'year' | 'month') => `/v1/admin/economics?actual=true&by=${by}`;

const formatCentsAxis = (value: number) => formatCents(value).replace(/\.\d\d$/, '');
const formatRoi = (value: number) => `${(value / 10).toFixed(1)}x`;

/** The brief's Results table, projection beside actual, per year or per month, and the monthly curves. */
export function KpisPage() {
  const [by, setBy] = useState<'year' | 'month'>('year');
  const table = useApi<EconomicsAnswer>(economicsPath(by));
  const monthly = useApi<EconomicsAnswer>(economicsPath('month'));
  const periods = periodsOf(table.data);
  const months = useMemo(() => periodsOf(monthly.data), [monthly.data]);
  const charts = useMemo(
    () => [
      {
        title: 'Revenue from the channel',
        series: seriesOf(months, 'revenueCents'),
        format: formatCentsAxis,
      },
      { title: 'Commissions', series: seriesOf(months, 'commissionsCents'), format: formatCentsAxis },
      { title: 'ROI (revenue / commissions)', series: seriesOf(months, 'roiTenths'), format: formatRoi },
    ],
    [months],
  );
  return (
    <section>
      <h1>Program KPIs</h1>
      <p>
        The brief’s Results table: what the projection expected beside what the program recorded, and the
        difference (actual − projected).
      </p>
      <label className="inline" htmlFor="kpi-grain">
        Figures per{' '}
        <select id="kpi-grain" value={by} onChange={(event) => setBy(event.target.value as 'year' | 'month')}>
          <option value="year">program year</option>
          <option value="month">month</option>
        </select>
      </label>
      <ErrorNote message={table.error} />
      {table.missing ? (
        <NotOffered what="program economics" endpoint="GET /v1/admin/economics?actual=true" />
      ) : null}
      {table.data === null && table.loading ? <Loading what="the figures" /> : null}
      {table.data !== null && periods.length === 0 ? (
        <EmptyState title="No program figures yet.">
          <p>
            Figures start with the program’s first affiliate. Approve an application on the Applications page;
            its referred signups, activations and invoices show here as they happen.
          </p>
        </EmptyState>
      ) : null}
      {periods.length > 0 ? <ResultsTable periods={periods} by={by} /> : null}
      {periods.length > 0 ? <GrowthTable periods={periods} /> : null}
      {months.length > 0 ? (
        <>
          <h2>Projected vs actual by month</h2>
          <div className="kpi-charts">
            {charts.map((chart) => (
              <KpiChart key={chart.title} title={chart.title} series={chart.series} format={chart.format} />
            ))}
          </div>
        </>
      ) : null}
      {notesOf(table.data).map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </section>
  );
}

function ResultsTable({ periods, by }: { periods: KpiPeriod[]; by: 'year' | 'month' }) {
  const metrics = periods[0]?.figures ?? [];
  const figureOf = (period: KpiPeriod, metric: string): ComparedFigure | undefined =>
    period.figures.find((figure) => figure.metric === metric);
  return (
    <ScrollRegion label={`Results per ${by}`}>
      <table className="results">
        <caption>
          Results per {by === 'year' ? 'program year' : 'month'}: projected, actual, difference
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Figure
            </th>
            {periods.map((period) => (
              <th key={period.label} scope="colgroup" colSpan={3} className="period">
                {period.label}
                {period.complete ? '' : ' (to date)'}
              </th>
            ))}
          </tr>
          <tr>
            {periods.map((period) => (
              <Fragment key={period.label}>
                <th scope="col" className="period">
                  Projected
                </th>
                <th scope="col">Actual</th>
                <th scope="col">Difference</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) => (
            <tr key={metric.metric}>
              <th scope="row">{metric.label}</th>
              {periods.map((period) => {
                const figure = figureOf(period, metric.metric);
                return (
                  <Fragment key={period.label}>
                    <td className="period">{formatFigure(metric.unit, figure?.projected)}</td>
                    <td>{formatFigure(metric.unit, figure?.actual)}</td>
                    <td>{formatDifference(metric.unit, figure?.difference)}</td>
                  </Fragment>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function GrowthTable({ periods }: { periods: KpiPeriod[] }) {
  const rows: Array<{ label: string; value: (period: KpiPeriod) => string }> = [
    {
      label: 'Affiliates who joined',
      value: (period) => formatFigure('count', period.growth?.affiliatesJoined),
    },
    {
      label: 'Of them referred themselves',
      value: (period) => formatFigure('basis_points', period.growth?.referredAffiliateShareBasisPoints),
    },
    {
      label: 'Channel share of new ACV',
      value: (period) => formatFigure('basis_points', period.growth?.channelAcvShareBasisPoints),
    },
    {
      label: 'Cost per activated account',
      value: (period) => formatFigure('cents', period.growth?.costPerActivatedAccountCents),
    },
    {
      label: 'Outbound sales cost per account',
      value: (period) => formatFigure('cents', period.growth?.outboundCostPerAccountCents),
    },
    {
      label: 'Outbound cost ÷ channel cost',
      value: (period) => formatFigure('tenths', period.growth?.outboundToChannelCostTenths),
    },
  ];
  if (!periods.some((period) => period.growth)) return null;
  return (
    <ScrollRegion label="Growth loop">
      <table>
        <caption>Growth loop</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {periods.map((period) => (
              <th key={period.label} scope="col">
                {period.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {periods.map((period) => (
                <td key={period.label}>{row.value(period)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
