import { useState } from 'react';
import { api, listOf, problemMessage } from '../../api';
import { EmptyState, ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatCents, formatDate, formatDateTime } from '../../format';
import { useApi } from '../../use_api';
import { NotOffered } from './NotOffered';

interface PayoutRun {
  id: string;
  asOf: string;
  provider: string;
  state: string;
  approvalRequired: boolean;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  sentAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  note: string | null;
  totals: { payouts: number; totalCents: number; paid: number; failed: number; open: number };
}

interface RunPayout {
  id: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  provider: string;
  state: string;
  failureReason: string | null;
}

const stateLabels: Record<string, string> = {
  awaiting_approval: 'awaiting approval',
};

function decidedBy(run: PayoutRun): string {
  if (run.cancelledAt)
    return `cancelled ${formatDateTime(run.cancelledAt)}${run.cancelledBy ? ` by ${run.cancelledBy}` : ''}`;
  if (!run.approvedAt) return '—';
  if (!run.approvalRequired) return 'not required';
  return `${formatDateTime(run.approvedAt)}${run.approvedBy ? ` by ${run.approvedBy}` : ''}`;
}

/** Payout runs: the history, a run's payouts, and approving a run that waits for approval. */
export function PayoutRunsPage() {
  const runs = useApi<unknown>('/v1/admin/payout-runs');
  const rows = listOf<PayoutRun>(runs.data, 'runs');
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decide = async (run: PayoutRun, decision: 'approve' | 'cancel') => {
    const question = `Cancel the run of ${formatDate(run.asOf)}? Its payouts will not be sent.`;
    if (decision === 'cancel' && !window.confirm(question)) return;
    setError(null);
    try {
      await api('POST', `/v1/admin/payout-runs/${encodeURIComponent(run.id)}/${decision}`);
      setNote(
        decision === 'approve'
          ? `Run of ${formatDate(run.asOf)} approved: its payouts are on their way.`
          : `Run of ${formatDate(run.asOf)} cancelled: its money is back in the affiliates’ available balance.`,
      );
      runs.reload();
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  return (
    <section>
      <h1>Payout runs</h1>
      <p>
        A run pays every affiliate with at least the minimum available and a payout account. With the setting
        “payout approval required” on, a run waits here until you approve it; no money moves before.
      </p>
      <p role="status">{note}</p>
      <ErrorNote message={runs.error ?? error} />
      {runs.missing ? <NotOffered what="payout run history" endpoint="GET /v1/admin/payout-runs" /> : null}
      {runs.data === null && runs.loading ? <Loading what="payout runs" /> : null}
      {runs.data !== null && rows.length === 0 ? (
        <EmptyState title="No payout runs yet.">
          <p>
            Runs happen on the 1st of each month at 06:00 UTC, or by hand with{' '}
            <code>npm run cli -- payouts run --as-of &lt;date&gt;</code>. The first comes once a commission is
            available.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Payout runs">
          <table>
            <caption className="visually-hidden">Payout runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">As of</th>
                <th scope="col">State</th>
                <th scope="col">Rail</th>
                <th scope="col">Payouts</th>
                <th scope="col">Total</th>
                <th scope="col">Approved</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <tr key={run.id}>
                  <td>{formatDate(run.asOf)}</td>
                  <td>{stateLabels[run.state] ?? run.state}</td>
                  <td>{run.provider}</td>
                  <td>
                    {run.totals.payouts}
                    {run.totals.failed > 0 ? ` (${run.totals.failed} failed)` : ''}
                  </td>
                  <td>{formatCents(run.totals.totalCents)}</td>
                  <td>{decidedBy(run)}</td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="secondary"
                        aria-expanded={openRunId === run.id}
                        onClick={() => setOpenRunId(openRunId === run.id ? null : run.id)}
                      >
                        {openRunId === run.id ? 'Hide' : 'Show'} payouts
                        <span className="visually-hidden"> of the run of {formatDate(run.asOf)}</span>
                      </button>
                      {run.state === 'awaiting_approval' ? (
                        <>
                          <button type="button" onClick={() => decide(run, 'approve')}>
                            Approve run<span className="visually-hidden"> of {formatDate(run.asOf)}</span>
                          </button>
                          <button type="button" className="secondary" onClick={() => decide(run, 'cancel')}>
                            Cancel run<span className="visually-hidden"> of {formatDate(run.asOf)}</span>
                          </button>
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {openRunId ? <RunPayouts runId={openRunId} /> : null}
    </section>
  );
}

function RunPayouts({ runId }: { runId: string }) {
  const run = useApi<unknown>(`/v1/admin/payout-runs/${encodeURIComponent(runId)}`);
  const payouts = listOf<RunPayout>(run.data, 'payouts');
  return (
    <section aria-labelledby="run-payouts-title">
      <h2 id="run-payouts-title">Payouts of the run</h2>
      <ErrorNote message={run.error} />
      {run.data === null && run.loading ? <Loading what="the run's payouts" /> : null}
      {run.data !== null && payouts.length === 0 ? (
        <EmptyState title="This run paid no one.">
          <p>No affiliate had the minimum available with a payout account on that date.</p>
        </EmptyState>
      ) : null}
      {payouts.length > 0 ? (
        <ScrollRegion label="Payouts of the run">
          <table>
            <caption className="visually-hidden">Payouts of the run</caption>
            <thead>
              <tr>
                <th scope="col">Affiliate</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((payout) => (
                <tr key={payout.id}>
                  <td>{payout.affiliateId}</td>
                  <td>{formatCents(payout.amountCents, payout.currency)}</td>
                  <td>{payout.provider}</td>
                  <td>
                    {payout.state}
                    {payout.failureReason ? ` (${payout.failureReason})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
