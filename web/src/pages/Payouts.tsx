import { listOf } from '../api';
import { EmptyState, ErrorNote, Loading, ScrollRegion } from '../components/ui';
import { formatCents, formatDate } from '../format';
import { Link } from '../router';
import { useApi } from '../use_api';

interface PayoutRow {
  id: string;
  amountCents: number;
  currency: string;
  provider: string;
  state: string;
  asOf: string;
  sentAt: string | null;
  paidAt: string | null;
  failureReason: string | null;
}

export function PayoutsPage({ affiliateId }: { affiliateId: string }) {
  const payouts = useApi<unknown>(`/v1/affiliates/${encodeURIComponent(affiliateId)}/payouts`);
  const rows = listOf<PayoutRow>(payouts.data, 'payouts');
  return (
    <section>
      <h1>Your payouts</h1>
      <p>
        Payouts run once a month for what is available.{' '}
        <Link to="/dashboard/payout-account">Your payout account</Link> says where the money goes.
      </p>
      <ErrorNote message={payouts.error} />
      {payouts.data === null && payouts.loading ? <Loading what="your payouts" /> : null}
      {payouts.data !== null && rows.length === 0 ? (
        <EmptyState title="No payouts yet.">
          <p>
            Your first payout comes in the month after a commission becomes available. Meanwhile, make sure
            your <Link to="/dashboard/payout-account">payout account</Link> is ready.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Payouts">
          <table>
            <caption className="visually-hidden">Payouts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Amount</th>
                <th scope="col">State</th>
                <th scope="col">Sent</th>
                <th scope="col">Paid</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{formatDate(row.asOf)}</td>
                  <td>{formatCents(row.amountCents, row.currency)}</td>
                  <td>
                    {row.state}
                    {row.failureReason ? ` (${row.failureReason})` : ''}
                  </td>
                  <td>{formatDate(row.sentAt)}</td>
                  <td>{formatDate(row.paidAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
