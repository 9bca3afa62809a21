import { type FormEvent, useState } from 'react';
import { api, listOf, problemMessage } from '../../api';
import { EmptyState, ErrorNote, Loading, ScrollRegion, Stat } from '../../components/ui';
import { formatCents, formatDateTime } from '../../format';
import { useApi } from '../../use_api';
import { humanKey } from './evidence';
import { NotOffered } from './NotOffered';

interface ReportSummary {
  month: string;
  asOf: string;
  teamsChecked: number;
  mismatches: number;
  reversals: number;
  reversedCents: number;
  bonuses: number;
  bonusCents: number;
  capHits: number;
}

interface Report {
  month: string;
  asOf: string;
  teams: { checked: number; paid: number; live: number; churned: number };
  mismatches: Record<string, { count: number; teamIds: string[] }>;
  reversals: { teams: number; commissions: number; totalCents: number; owedCents: number };
  bonuses: { teams: number; commissions: number; totalCents: number };
  caps: {
    hits: number;
    cappedCents: number;
    exceeded: number;
    listed: Array<{
      tier: string;
      affiliateId: string;
      teamId: string | null;
      cappedCents: number;
      capCents: number;
    }>;
  };
  operatorExceptions?: { open: number; affiliates: number; amountCents: number; oldestAt: string | null };
}

/** Reconciliation reports: every reconciled month, one month's report, and reconciling an ended month. */
export function ReconciliationPage() {
  const reports = useApi<unknown>('/v1/admin/reconciliations');
  const rows = listOf<ReportSummary>(reports.data, 'reports');
  const [month, setMonth] = useState<string | null>(null);
  const shown = month ?? rows[0]?.month ?? null;
  return (
    <section>
      <h1>Reconciliation</h1>
      <p>
        On the 1st of each month the month that ended is checked against billing: early churn reverses
        commissions, upgrades get the bonuses they missed, caps are applied.
      </p>
      <ErrorNote message={reports.error} />
      {reports.missing ? (
        <NotOffered what="reconciliation reports" endpoint="GET /v1/admin/reconciliations" />
      ) : null}
      {reports.data === null && reports.loading ? <Loading what="reconciliation reports" /> : null}
      {reports.data !== null && rows.length === 0 ? (
        <EmptyState title="No month reconciled yet.">
          <p>
            The first report appears after the 1st of next month (02:00 UTC). You can reconcile an ended month
            now with the form below.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Reconciled months">
          <table>
            <caption className="visually-hidden">Reconciled months, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Teams checked</th>
                <th scope="col">Mismatches</th>
                <th scope="col">Reversed</th>
                <th scope="col">Bonuses</th>
                <th scope="col">Cap hits</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.month}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={shown === row.month}
                      onClick={() => setMonth(row.month)}
                    >
                      {row.month}
                    </button>
                  </th>
                  <td>{row.teamsChecked}</td>
                  <td>{row.mismatches}</td>
                  <td>
                    {row.reversals} · {formatCents(row.reversedCents)}
                  </td>
                  <td>
                    {row.bonuses} · {formatCents(row.bonusCents)}
                  </td>
                  <td>{row.capHits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {shown ? <ReportView month={shown} /> : null}
      {reports.missing ? null : (
        <ReconcileForm
          onDone={(done) => {
            setMonth(done);
            reports.reload();
          }}
        />
      )}
    </section>
  );
}

function ReportView({ month }: { month: string }) {
  const report = useApi<Report>(`/v1/admin/reconciliations/${encodeURIComponent(month)}`);
  const data = report.data;
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">Report for {month}</h2>
      <ErrorNote message={report.error} />
      {data === null && report.loading ? <Loading what="the report" /> : null}
      {data ? (
        <>
          <p className="muted">Reconciled as of {formatDateTime(data.asOf)}</p>
          <div className="stats">
            <Stat label="Teams checked" value={String(data.teams.checked)} note={`${data.teams.paid} paid`} />
            <Stat label="Live" value={String(data.teams.live)} note={`${data.teams.churned} churned`} />
            <Stat
              label="Reversed"
              value={formatCents(data.reversals.totalCents)}
              note={`${data.reversals.commissions} commissions of ${data.reversals.teams} teams`}
            />
            <Stat
              label="Missed bonuses granted"
              value={formatCents(data.bonuses.totalCents)}
              note={`${data.bonuses.commissions} commissions of ${data.bonuses.teams} teams`}
            />
            <Stat
              label="Cap hits"
              value={String(data.caps.hits)}
              note={`${formatCents(data.caps.cappedCents)} held back`}
            />
            {data.operatorExceptions ? (
              <Stat
                label="Open payout exceptions"
                value={String(data.operatorExceptions.open)}
                note={formatCents(data.operatorExceptions.amountCents)}
              />
            ) : null}
          </div>
          <h3>Mismatches against billing</h3>
          <ul>
            {Object.entries(data.mismatches).map(([kind, found]) => (
              <li key={kind}>
                {humanKey(kind)}: {found.count}
                {found.teamIds.length > 0 ? ` (${found.teamIds.join(', ')})` : ''}
              </li>
            ))}
          </ul>
          {data.caps.listed.length > 0 ? (
            <>
              <h3>Caps applied</h3>
              <ul>
                {data.caps.listed.map((cap) => (
                  <li key={`${cap.tier}-${cap.affiliateId}-${cap.teamId ?? ''}`}>
                    {cap.tier} · affiliate {cap.affiliateId}
                    {cap.teamId ? ` · team ${cap.teamId}` : ''}: {formatCents(cap.cappedCents)} over the{' '}
                    {formatCents(cap.capCents)} cap
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ReconcileForm({ onDone }: { onDone: (month: string) => void }) {
  const [month, setMonth] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const report = await api<{ month: string }>('POST', '/v1/admin/reconciliations', { month });
      onDone(report.month);
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="narrow" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">Reconcile a month now</h2>
      <label htmlFor="reconcile-month">Month (an ended one, YYYY-MM)</label>
      <input
        id="reconcile-month"
        type="month"
        required
        value={month}
        onChange={(event) => setMonth(event.target.value)}
      />
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        Reconcile
      </button>
    </form>
  );
}
