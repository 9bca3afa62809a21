import { listOf } from '../api';
import { EmptyState, ErrorNote, Loading, ScrollRegion, Stat } from '../components/ui';
import { formatCents, formatDate } from '../format';
import { useApi } from '../use_api';

interface Balance {
  pendingCents: number;
  vestedCents: number;
  eligibleCents: number;
  availableCents: number;
  inTransitCents: number;
  paidCents: number;
  owedCents: number;
}

interface CommissionRow {
  id: string;
  teamId: string;
  tier: string;
  state: string;
  amountCents: number;
  reversedCents?: number;
  currency?: string;
  earnedAt: string;
  availableAt?: string | null;
  eligibleAt?: string | null;
  expectedAvailableAt?: string | null;
}

const balanceStates: Array<{ key: keyof Balance; label: string; note: string }> = [
  { key: 'pendingCents', label: 'Pending', note: 'earned, waiting for the team to stay' },
  { key: 'vestedCents', label: 'Vested', note: 'kept, waiting for its date' },
  { key: 'eligibleCents', label: 'Eligible', note: 'ready for the next payout run' },
  { key: 'availableCents', label: 'Available', note: 'in the next payout' },
  { key: 'inTransitCents', label: 'In transit', note: 'on its way to you' },
  { key: 'paidCents', label: 'Paid', note: 'paid out so far' },
];

export function EarningsPage({ affiliateId }: { affiliateId: string }) {
  const base = `/v1/affiliates/${encodeURIComponent(affiliateId)}`;
  const balance = useApi<Balance>(`${base}/balance`);
  const commissions = useApi<unknown>(`${base}/commissions`);
  const rows = listOf<CommissionRow>(commissions.data, 'commissions');
  return (
    <section>
      <h1>Your earnings</h1>
      <ErrorNote message={balance.error ?? commissions.error} />
      {balance.data === null && balance.loading ? <Loading what="your balance" /> : null}
      {balance.data ? (
        <div className="stats" data-testid="balance">
          {balanceStates.map((state) => (
            <Stat
              key={state.key}
              label={state.label}
              value={formatCents(balance.data?.[state.key] ?? 0)}
              note={state.note}
            />
          ))}
          {balance.data.owedCents > 0 ? (
            <Stat
              label="Owed"
              value={formatCents(balance.data.owedCents)}
              note="a reversal after payment; later earnings repay it"
            />
          ) : null}
        </div>
      ) : null}
      <h2>Commissions</h2>
      {commissions.data !== null && rows.length === 0 ? (
        <EmptyState title="No commissions yet.">
          <p>
            You earn when a team you referred activates and when it pays. Share your links to get the first
            one.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Commissions">
          <table>
            <caption className="visually-hidden">Commissions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Earned</th>
                <th scope="col">Team</th>
                <th scope="col">Tier</th>
                <th scope="col">State</th>
                <th scope="col">Amount</th>
                <th scope="col">Available on</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{formatDate(row.earnedAt)}</td>
                  <td>{row.teamId}</td>
                  <td>{row.tier}</td>
                  <td>{row.state}</td>
                  <td>{formatCents(row.amountCents - (row.reversedCents ?? 0), row.currency)}</td>
                  <td>{formatDate(row.expectedAvailableAt ?? row.availableAt ?? row.eligibleAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
