import { useState } from 'react';
import { api } from '../api';
import { ErrorNote, Loading } from '../components/ui';
import { formatDate } from '../format';
import { useApi } from '../use_api';

interface PayoutAccountView {
  provider: string;
  connected: boolean;
  account: {
    accountId: string;
    status: string;
    payoutsEnabled: boolean;
    detailsSubmitted: boolean;
    requirementsDue: string[];
    updatedAt: string;
  } | null;
}

/** Also the page Stripe sends the affiliate back to after onboarding. */
export function PayoutAccountPage({ affiliateId }: { affiliateId: string }) {
  const path = `/v1/affiliates/${encodeURIComponent(affiliateId)}/payout-account`;
  const view = useApi<PayoutAccountView>(path);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const returnUrl = `${window.location.origin}/dashboard/payout-account`;
      const connected = await api<{ onboardingUrl: string }>('POST', path, {
        returnUrl,
        refreshUrl: returnUrl,
      });
      window.location.assign(connected.onboardingUrl);
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  const account = view.data?.account ?? null;
  return (
    <section>
      <h1>Payout account</h1>
      <ErrorNote message={view.error ?? error} />
      {view.data === null && view.loading ? <Loading what="your payout account" /> : null}
      {view.data && view.data.provider !== 'stripe' ? (
        <p>
          Payouts are sent by bank transfer from the program’s monthly export. There is nothing to connect.
        </p>
      ) : null}
      {view.data?.provider === 'stripe' && !account ? (
        <div className="empty">
          <p className="empty-title">No payout account connected yet.</p>
          <p>
            Connect a Stripe account to be paid. Stripe asks for your details; you come back here when done.
          </p>
          <button type="button" onClick={connect} disabled={busy}>
            {busy ? 'Opening Stripe…' : 'Connect with Stripe'}
          </button>
        </div>
      ) : null}
      {account ? (
        <div className="card">
          <p>
            <strong>{account.payoutsEnabled ? 'Ready for payouts' : 'Not ready for payouts yet'}</strong>{' '}
            <span className="badge">{account.status}</span>
          </p>
          <p className="muted">
            Account {account.accountId} · details {account.detailsSubmitted ? 'submitted' : 'not submitted'} ·
            updated {formatDate(account.updatedAt)}
          </p>
          {account.requirementsDue.length > 0 ? (
            <>
              <p>Stripe still needs:</p>
              <ul>
                {account.requirementsDue.map((requirement) => (
                  <li key={requirement}>{requirement}</li>
                ))}
              </ul>
            </>
          ) : null}
          {!account.payoutsEnabled ? (
            <button type="button" onClick={connect} disabled={busy}>
              {busy ? 'Opening Stripe…' : 'Continue on Stripe'}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
